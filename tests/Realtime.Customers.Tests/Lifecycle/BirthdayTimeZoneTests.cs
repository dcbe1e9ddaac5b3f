using Realtime.Customers.Tests.Support;

namespace Realtime.Customers.Tests.Lifecycle;

/// <summary>`age` counts on the customer's own calendar: the birthday starts at local midnight in traits.time_zone.</summary>
public sealed class BirthdayTimeZoneTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    private static CustomerHarness TennisFan(string? timeZone)
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Traits(customer.Id, T0, t =>
        {
            t.BirthDate = "1985-03-14";
            t.Interests.Add("tennis");
            if (timeZone is not null)
            {
                t.TimeZone = timeZone;
            }
        }));
        Assert.True(customer.InSegment("tennis_30_40"));
        return customer;
    }

    [Theory]
    [InlineData("Asia/Tokyo", "2026-03-13T15:00:00Z")] // UTC+9: the 14th starts on the 13th, UTC
    [InlineData("America/New_York", "2026-03-14T04:00:00Z")] // UTC-4 (daylight time since 8 March): hours after UTC midnight
    [InlineData(null, "2026-03-14T00:00:00Z")]
    public void Turning_41_leaves_the_segment_at_local_midnight_of_the_birthday(string? timeZone, string localMidnight)
    {
        var birthday = DateTimeOffset.Parse(localMidnight, System.Globalization.CultureInfo.InvariantCulture);
        var customer = TennisFan(timeZone);

        customer.AdvanceTo(birthday.AddMilliseconds(-1));
        Assert.True(customer.InSegment("tennis_30_40"));
        customer.AdvanceTo(birthday);
        Assert.False(customer.InSegment("tennis_30_40"));
        Assert.Equal(birthday, customer.LastSegmentChange("tennis_30_40")!.Value.AtTime);
    }

    [Fact]
    public void At_utc_midnight_of_the_birthday_a_customer_in_new_york_is_still_40()
    {
        var customer = TennisFan("America/New_York");
        customer.AdvanceTo(new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero));
        Assert.True(customer.InSegment("tennis_30_40"));
    }

    [Fact]
    public void Moving_to_another_time_zone_moves_the_birthday()
    {
        var customer = TennisFan("America/New_York");
        customer.AdvanceTo(new DateTimeOffset(2026, 3, 13, 20, 0, 0, TimeSpan.Zero));

        // Now in Tokyo, where it is already 14 March 05:00: 41 at once.
        customer.Apply(Events.Traits(customer.Id, customer.Now, t => t.TimeZone = "Asia/Tokyo"));
        Assert.False(customer.InSegment("tennis_30_40"));
    }

    [Fact]
    public void An_unknown_time_zone_is_rejected_naming_the_field()
    {
        var customer = new CustomerHarness();
        var result = customer.Apply(Events.Traits(customer.Id, T0, t => t.TimeZone = "Mars/Olympus"));
        Assert.False(result.IsAccepted);
        Assert.Equal("traits.time_zone must be an IANA time zone such as Europe/Paris (was 'Mars/Olympus')", result.Message);
    }
}
