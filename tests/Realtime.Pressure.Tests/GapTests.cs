using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

public sealed class GapTests
{
    [Fact]
    public void Request_WithinChannelGap_DeniedUntilGapEnds()
    {
        var state = new PressureState(Policies.Open(emailGap: TimeSpan.FromHours(12)));
        state.Contact(Policies.T0);

        var denied = state.Ask(Policies.T0.AddHours(1));

        denied.AssertDenied(DenyReason.MinimumGap, Policies.T0.AddHours(12));
        Assert.Equal("email contacts must be 12h apart", denied.Detail);
        Assert.True(state.Ask(Policies.T0.AddHours(12)).Granted);
    }

    [Fact]
    public void Request_WithinGlobalGapOnAnotherChannel_DeniedUntilGapEnds()
    {
        var state = new PressureState(Policies.Open(globalGap: TimeSpan.FromHours(1)));
        state.Contact(Policies.T0, Channel.Email);

        state.Ask(Policies.T0.AddMinutes(30), Channel.Sms).AssertDenied(DenyReason.MinimumGap, Policies.T0.AddHours(1));
        Assert.True(state.Ask(Policies.T0.AddHours(1), Channel.Sms).Granted);
    }

    [Fact]
    public void Request_PendingReservationOnChannel_GapHoldsUntilItWouldExpire()
    {
        var state = new PressureState(Policies.Open(emailGap: TimeSpan.FromHours(12)));
        Assert.True(state.Ask(Policies.T0).Granted);

        state.Ask(Policies.T0.AddMinutes(1)).AssertDenied(DenyReason.MinimumGap, Policies.T0 + state.Policy.ReservationTtl);
    }

    [Fact]
    public void Request_GapAndCapBothBlock_EarliestIsTheLaterOfThem()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1), emailGap: TimeSpan.FromHours(36)));
        state.Contact(Policies.T0);

        state.Ask(Policies.T0.AddHours(1)).AssertDenied(DenyReason.MinimumGap, Policies.T0.AddHours(36));
    }
}
