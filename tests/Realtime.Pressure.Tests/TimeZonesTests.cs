namespace Realtime.Pressure.Tests;

public sealed class TimeZonesTests
{
    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("America/New_York")]
    [InlineData("Asia/Kolkata")]
    [InlineData("UTC")]
    public void TryFind_IanaIdUnderInvariantGlobalization_Found(string id)
    {
        Assert.True(TimeZones.TryFind(id, out var zone));
        Assert.NotNull(zone);
    }

    [Fact]
    public void FirstInstantAtOrAfter_TimeSkippedBySpringForward_IsTheInstantOfTheChange()
    {
        Assert.True(TimeZones.TryFind("Europe/Paris", out var paris));

        var instant = TimeZones.FirstInstantAtOrAfter(new DateTime(2026, 3, 29, 2, 30, 0), paris);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void FirstInstantAtOrAfter_TimeRepeatedByFallBack_IsTheFirstOccurrence()
    {
        Assert.True(TimeZones.TryFind("Europe/Paris", out var paris));

        var instant = TimeZones.FirstInstantAtOrAfter(new DateTime(2026, 10, 25, 2, 30, 0), paris);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), instant);
    }
}
