using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

public sealed class QuietHoursTests
{
    private static readonly QuietHours Night = new(new TimeOnly(22, 0), new TimeOnly(8, 0));

    private static PressureState Customer(string zone, PressurePolicy? policy = null)
    {
        var state = new PressureState(policy ?? Policies.Open(quiet: Night));
        Assert.True(state.SetTimeZone(zone));
        return state;
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Request_ParisAt2159Local_Granted()
    {
        Assert.True(Customer("Europe/Paris").Ask(Utc(1, 15, 20, 59)).Granted);
    }

    [Fact]
    public void Request_ParisAt2200Local_DeniedUntil0800Local()
    {
        var denied = Customer("Europe/Paris").Ask(Utc(1, 15, 21, 0));

        denied.AssertDenied(DenyReason.QuietHours, Utc(1, 16, 7));
        Assert.Equal("quiet hours 22:00-08:00 on email in Europe/Paris", denied.Detail);
    }

    [Fact]
    public void Request_SameInstantInNewYork_GrantedBecauseItIsAfternoonThere()
    {
        Assert.True(Customer("America/New_York").Ask(Utc(1, 15, 21, 0)).Granted);
    }

    [Fact]
    public void Request_NewYorkAt2159Versus2200Local_GrantedThenDeniedUntil0800Local()
    {
        var newYork = Customer("America/New_York");

        Assert.True(newYork.Ask(Utc(1, 16, 2, 59)).Granted);
        Customer("America/New_York").Ask(Utc(1, 16, 3, 0)).AssertDenied(DenyReason.QuietHours, Utc(1, 16, 13));
    }

    [Fact]
    public void Request_NightBeforeParisSpringForward_QuietEndsAt0800SummerTime()
    {
        // 2026-03-29: Paris moves from UTC+1 to UTC+2 at 02:00; 08:00 that morning is 06:00Z.
        Customer("Europe/Paris").Ask(Utc(3, 28, 21, 0)).AssertDenied(DenyReason.QuietHours, Utc(3, 29, 6));
    }

    [Fact]
    public void Request_NightBeforeNewYorkSpringForward_QuietEndsAt0800DaylightTime()
    {
        // 2026-03-08: New York moves from UTC-5 to UTC-4; 22:00 EST on the 7th is 03:00Z, 08:00 EDT is 12:00Z.
        Customer("America/New_York").Ask(Utc(3, 8, 3, 0)).AssertDenied(DenyReason.QuietHours, Utc(3, 8, 12));
    }

    [Fact]
    public void Request_NightBeforeParisFallBack_QuietEndsAt0800WinterTime()
    {
        // 2026-10-25: Paris moves back to UTC+1; 22:00 CEST on the 24th is 20:00Z, 08:00 CET is 07:00Z.
        Customer("Europe/Paris").Ask(Utc(10, 24, 20, 0)).AssertDenied(DenyReason.QuietHours, Utc(10, 25, 7));
    }

    [Fact]
    public void Request_EveningOfParisSpringForward_2159And2200LocalAreSummerTime()
    {
        Assert.True(Customer("Europe/Paris").Ask(Utc(3, 29, 19, 59)).Granted);
        Customer("Europe/Paris").Ask(Utc(3, 29, 20, 0)).AssertDenied(DenyReason.QuietHours, Utc(3, 30, 6));
    }

    [Fact]
    public void Request_WhileOnlyUsHasChangedClocks_ZonesAreFiveHoursApart()
    {
        // Between 8 and 29 March 2026 New York is UTC-4 and Paris UTC+1.
        Customer("Europe/Paris").Ask(Utc(3, 15, 21, 0)).AssertDenied(DenyReason.QuietHours, Utc(3, 16, 7));
        Assert.True(Customer("America/New_York").Ask(Utc(3, 16, 1, 59)).Granted);
        Customer("America/New_York").Ask(Utc(3, 16, 2, 0)).AssertDenied(DenyReason.QuietHours, Utc(3, 16, 12));
    }

    [Fact]
    public void Request_CapFreesDuringQuietHours_EarliestIsWhenQuietHoursEnd()
    {
        var state = Customer("Europe/Paris", Policies.Open(email: new WindowCaps(Day: 1), quiet: Night));
        var granted = state.Ask(Utc(1, 15, 20, 58));
        Assert.True(state.Commit(granted.ReservationToken!, Utc(1, 15, 21, 2)));

        // The day frees at 22:02 Paris on the 16th, inside quiet hours: 08:00 Paris on the 17th.
        state.Ask(Utc(1, 16, 12)).AssertDenied(DenyReason.ChannelCap, Utc(1, 17, 7));
    }

    [Fact]
    public void Request_NoTimeZone_UsesThePolicyDefault()
    {
        var state = new PressureState(new PressurePolicy { DefaultTimeZone = "Europe/Paris", QuietHours = Night });

        state.Ask(Utc(1, 15, 21, 0)).AssertDenied(DenyReason.QuietHours, Utc(1, 16, 7));
    }

    [Fact]
    public void OnTraits_NewTimeZone_MovesQuietHours()
    {
        var state = Customer("Europe/Paris");

        state.OnTraits(new Traits { TimeZone = "America/New_York" }, Utc(1, 15, 21, 0));

        Assert.Equal("America/New_York", state.TimeZoneId);
        Assert.True(state.Ask(Utc(1, 15, 21, 0)).Granted);
    }

    [Fact]
    public void SetTimeZone_UnknownId_KeepsTheZone()
    {
        var state = Customer("Europe/Paris");

        Assert.False(state.SetTimeZone("Mars/Olympus_Mons"));
        Assert.Equal("Europe/Paris", state.TimeZoneId);
    }

    [Fact]
    public void Request_ChannelOverridesQuietHours_UsesItsOwnWindow()
    {
        var policy = PressurePolicy.Default;
        var state = Customer("Europe/Paris", new PressurePolicy
        {
            Phone = new ChannelPolicy { QuietHours = new QuietHours(new TimeOnly(20, 0), new TimeOnly(9, 0)) },
        });

        // 20:30 Paris: phone is quiet, email is not; in-app never is.
        state.Ask(Utc(1, 15, 19, 30), Channel.Phone).AssertDenied(DenyReason.QuietHours, Utc(1, 16, 8));
        Assert.True(state.Ask(Utc(1, 15, 19, 30), Channel.Email).Granted);
        Assert.True(policy.QuietHoursFor(Channel.InApp).IsEmpty);
    }
}
