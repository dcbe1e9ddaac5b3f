using Realtime.Customers.Tests.Support;

namespace Realtime.Customers.Tests.Expressions;

/// <summary>Time-dependent expressions compute the exact instant their value can next change.</summary>
public sealed class NextChangeTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    [Theory]
    [InlineData("days_since(\"purchase\") >= 90", 90 * 86_400_000L)]
    [InlineData("days_since(\"purchase\") > 90", (90 * 86_400_000L) + 1)]
    [InlineData("days_since(\"purchase\") * 24 >= 36", 36 * 3_600_000L)]
    [InlineData("hours_since(\"purchase\") < 12", 12 * 3_600_000L)]
    [InlineData("rfm.recency > 30", (30 * 86_400_000L) + 1)]
    [InlineData("count(\"purchase\", 7d) > 0", 7 * 86_400_000L)]
    public void Solves_the_flip_instant_from_the_last_event(string condition, long afterPurchaseMs)
    {
        var customer = new CustomerHarness(Rulesets.WithSegment(condition));
        customer.Apply(Events.Purchase(customer.Id, T0, 10));
        var expression = customer.Ruleset.Segments[0].Condition;
        Assert.Equal(T0.AddMilliseconds(afterPurchaseMs), expression.NextChange(customer.State, T0.AddHours(1)));
        Assert.Equal(T0.AddMilliseconds(afterPurchaseMs), DateTimeOffset.FromUnixTimeMilliseconds(customer.State.DueAt));
    }

    [Fact]
    public void A_count_window_changes_when_its_oldest_event_slides_out()
    {
        var customer = new CustomerHarness(Rulesets.WithSegment("count(\"form_filled\", 30d) >= 2"));
        customer.Apply(Events.Form(customer.Id, T0));
        customer.Apply(Events.Form(customer.Id, T0.AddDays(5)));
        Assert.True(customer.InSegment("s"));
        customer.AdvanceTo(T0.AddDays(30).AddMilliseconds(-1));
        Assert.True(customer.InSegment("s"));
        customer.AdvanceTo(T0.AddDays(30));
        Assert.False(customer.InSegment("s"));
        Assert.Equal(T0.AddDays(35), DateTimeOffset.FromUnixTimeMilliseconds(customer.State.DueAt));
    }

    [Fact]
    public void Age_changes_at_midnight_utc_on_the_birthday()
    {
        var customer = new CustomerHarness(Rulesets.WithSegment("age >= 18"));
        customer.Apply(Events.Traits(customer.Id, T0, t => t.BirthDate = "2008-02-29"));
        Assert.False(customer.InSegment("s"));
        var expression = customer.Ruleset.Segments[0].Condition;
        Assert.Equal(new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero), expression.NextChange(customer.State, T0));
        customer.AdvanceTo(new DateTimeOffset(2026, 2, 28, 0, 0, 0, TimeSpan.Zero));
        Assert.True(customer.InSegment("s"));
    }

    [Fact]
    public void Conditions_that_only_read_events_have_no_due_time()
    {
        var customer = new CustomerHarness(Rulesets.WithSegment("count(\"purchase\") > 0 && traits.sector == \"x\""));
        customer.Apply(Events.Purchase(customer.Id, T0, 10));
        Assert.Equal(long.MaxValue, customer.State.DueAt);
        Assert.Null(customer.Ruleset.Segments[0].Condition.NextChange(customer.State, T0));
    }
}
