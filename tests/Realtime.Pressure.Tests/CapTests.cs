using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

public sealed class CapTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public void Request_ChannelDayCapReached_DeniedUntilOldestContactLeavesTheDay()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 2)));
        state.Contact(Policies.T0);
        state.Contact(Policies.T0.AddHours(1));

        state.Ask(Policies.T0.AddHours(2)).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddDays(1));
        state.Ask(Policies.T0.AddDays(1) - Tick).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddDays(1));
        Assert.True(state.Ask(Policies.T0.AddDays(1)).Granted);
    }

    [Fact]
    public void Request_OtherCustomersContacts_NeverCountAgainstACustomerNeverContacted()
    {
        // Customers never contacted share one empty set of channel ledgers: the first contact must take its own.
        var policy = Policies.Open(email: new WindowCaps(Day: 1));
        var contacted = new PressureState(policy);
        var untouched = new PressureState(policy);
        contacted.Contact(Policies.T0);

        contacted.Ask(Policies.T0.AddHours(1)).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddDays(1));
        Assert.True(untouched.Ask(Policies.T0.AddHours(1)).Granted);
        Assert.True(new PressureState(policy).Ask(Policies.T0.AddHours(1)).Granted);
    }

    [Fact]
    public void Request_ChannelWeekCapReached_DeniedUntilOldestContactLeavesTheWeek()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Week: 3)));
        for (var day = 0; day < 3; day++)
        {
            state.Contact(Policies.T0.AddDays(day));
        }

        state.Ask(Policies.T0.AddDays(3)).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddDays(7));
        Assert.True(state.Ask(Policies.T0.AddDays(7)).Granted);
    }

    [Fact]
    public void Request_ChannelMonthCapReached_DeniedUntilOldestContactLeavesThirtyDays()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Month: 2)));
        state.Contact(Policies.T0);
        state.Contact(Policies.T0.AddDays(10));

        var denied = state.Ask(Policies.T0.AddDays(20));

        denied.AssertDenied(DenyReason.ChannelCap, Policies.T0.AddDays(30));
        Assert.Equal("email cap of 2 per 30 days reached", denied.Detail);
        Assert.True(state.Ask(Policies.T0.AddDays(30)).Granted);
    }

    [Fact]
    public void Request_SeveralWindowsFull_EarliestIsWhenAllOfThemHaveRoom()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1, Week: 2)));
        state.Contact(Policies.T0);
        state.Contact(Policies.T0.AddDays(2));

        // The day frees at T0+3d, the week only at T0+7d.
        state.Ask(Policies.T0.AddDays(2).AddHours(1)).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddDays(7));
    }

    [Fact]
    public void Request_MoreContactsThanALoweredCap_EarliestWaitsForEnoughDepartures()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 3)));
        state.Contact(Policies.T0);
        state.Contact(Policies.T0.AddHours(1));
        state.Contact(Policies.T0.AddHours(2));
        state.ApplyPolicy(Policies.Open(email: new WindowCaps(Day: 2)));

        // Two of three must leave: the second leaves at T0+1h+1d.
        state.Ask(Policies.T0.AddHours(3)).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddHours(1).AddDays(1));
    }

    [Fact]
    public void Request_GlobalCapReachedOnOtherChannels_DeniedOnEveryChannel()
    {
        var state = new PressureState(Policies.Open(global: new WindowCaps(Day: 2)));
        state.Contact(Policies.T0, Channel.Email);
        state.Contact(Policies.T0.AddHours(1), Channel.Sms);

        var denied = state.Ask(Policies.T0.AddHours(2), Channel.Phone);

        denied.AssertDenied(DenyReason.GlobalCap, Policies.T0.AddDays(1));
        Assert.Equal("cap of 2 per day across channels reached", denied.Detail);
        Assert.True(state.Ask(Policies.T0.AddDays(1), Channel.Phone).Granted);
    }

    [Fact]
    public void Request_GlobalWeekAndMonthCaps_EarliestIsExact()
    {
        var state = new PressureState(Policies.Open(global: new WindowCaps(Week: 2, Month: 3)));
        state.Contact(Policies.T0, Channel.Email);
        state.Contact(Policies.T0.AddDays(1), Channel.Push);

        state.Ask(Policies.T0.AddDays(2), Channel.Sms).AssertDenied(DenyReason.GlobalCap, Policies.T0.AddDays(7));
        state.Contact(Policies.T0.AddDays(7), Channel.Sms);
        state.Ask(Policies.T0.AddDays(9), Channel.Mail).AssertDenied(DenyReason.GlobalCap, Policies.T0.AddDays(30));
        Assert.True(state.Ask(Policies.T0.AddDays(30), Channel.Mail).Granted);
    }

    [Fact]
    public void Request_ChannelCapHasRoomButGlobalIsFull_ReasonIsTheLongerBlocker()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1), global: new WindowCaps(Week: 1)));
        state.Contact(Policies.T0);

        state.Ask(Policies.T0.AddHours(1)).AssertDenied(DenyReason.GlobalCap, Policies.T0.AddDays(7));
    }

    [Fact]
    public void Request_ContactsOnOtherChannel_DoNotCountAgainstChannelCap()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        state.Contact(Policies.T0, Channel.Sms);

        Assert.True(state.Ask(Policies.T0.AddMinutes(1)).Granted);
    }

    [Fact]
    public void Request_UngovernedChannel_Throws()
    {
        var state = new PressureState(Policies.Open());

        Assert.Throws<ArgumentOutOfRangeException>(() => state.Ask(Policies.T0, Channel.Unspecified));
    }
}
