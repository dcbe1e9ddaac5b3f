namespace Realtime.Pressure.Tests;

public sealed class ZoneClockTests
{
    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kolkata")]
    [InlineData("UTC")]
    public void ToLocal_AnyInstant_MatchesTimeZoneInfo(string id)
    {
        Assert.True(TimeZones.TryFind(id, out var zone));
        var clock = new ZoneClock(zone);
        var random = new Random(42);
        var from = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var to = new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        for (var i = 0; i < 5_000; i++)
        {
            var instant = random.NextInt64(from, to);
            Assert.Equal(TimeZoneInfo.ConvertTime(new DateTimeOffset(instant, TimeSpan.Zero), zone).DateTime, clock.ToLocal(instant));
        }
    }

    [Theory]
    [InlineData("Europe/Paris", "2026-03-29T01:00:00Z")]
    [InlineData("Europe/Paris", "2026-10-25T01:00:00Z")]
    [InlineData("America/New_York", "2026-03-08T07:00:00Z")]
    [InlineData("America/New_York", "2026-11-01T06:00:00Z")]
    public void ToLocal_AroundAChange_MatchesTimeZoneInfoToTheTick(string id, string change)
    {
        Assert.True(TimeZones.TryFind(id, out var zone));
        var clock = new ZoneClock(zone);
        var at = DateTimeOffset.Parse(change, System.Globalization.CultureInfo.InvariantCulture).UtcTicks;

        foreach (var delta in new[] { -TimeSpan.TicksPerHour, -TimeSpan.TicksPerSecond, -1, 0, 1, TimeSpan.TicksPerSecond, TimeSpan.TicksPerHour })
        {
            Assert.Equal(TimeZoneInfo.ConvertTime(new DateTimeOffset(at + delta, TimeSpan.Zero), zone).DateTime, clock.ToLocal(at + delta));
        }
    }

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    public void FirstInstantAtOrAfter_AnyLocalTime_MatchesTheRuleBasedAnswer(string id)
    {
        Assert.True(TimeZones.TryFind(id, out var zone));
        var clock = new ZoneClock(zone);
        var random = new Random(7);
        var from = new DateTime(2025, 1, 1).Ticks;
        var to = new DateTime(2028, 1, 1).Ticks;

        for (var i = 0; i < 5_000; i++)
        {
            // Warm the remembered spans near the local time, as quiet hours do.
            var local = new DateTime(random.NextInt64(from, to) / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute);
            clock.ToLocal(local.Ticks - TimeSpan.TicksPerHour * random.Next(-30, 30));
            Assert.Equal(TimeZones.FirstInstantAtOrAfter(local, zone).UtcTicks, clock.FirstInstantAtOrAfter(local));
        }
    }
}
