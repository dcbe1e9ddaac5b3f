using Realtime.Contracts.V1;
using Realtime.Testing;

namespace Realtime.Pressure.Tests;

public sealed class ReservationTests
{
    [Fact]
    public void Request_Granted_ReturnsTokenAndExpiryAfterTtl()
    {
        var state = new PressureState(Policies.Open());

        var granted = state.Ask(Policies.T0);

        Assert.True(granted.Granted);
        Assert.False(string.IsNullOrEmpty(granted.ReservationToken));
        Assert.Equal(Policies.T0 + state.Policy.ReservationTtl, granted.ReservationExpiresAt);
        Assert.Equal(DenyReason.Unspecified, granted.Reason);
        Assert.Null(granted.EarliestAt);
    }

    [Fact]
    public void Request_LastSlotReserved_DeniedUntilReservationExpiresAtTheExactInstant()
    {
        var clock = new FakeTimeProvider(Policies.T0);
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        var granted = state.Ask(clock.GetUtcNow());

        clock.Advance(state.Policy.ReservationTtl - TimeSpan.FromTicks(1));
        state.Ask(clock.GetUtcNow()).AssertDenied(DenyReason.ChannelCap, granted.ReservationExpiresAt);
        clock.Advance(TimeSpan.FromTicks(1));

        Assert.True(state.Ask(clock.GetUtcNow()).Granted);
    }

    [Fact]
    public void Commit_PendingReservation_CountsAsContactForTheWholeWindow()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        var granted = state.Ask(Policies.T0);

        Assert.True(state.Commit(granted.ReservationToken!, Policies.T0.AddMinutes(1)));

        state.Ask(Policies.T0.AddMinutes(10)).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddMinutes(1).AddDays(1));
        Assert.Equal(0, state.PendingReservations);
    }

    [Fact]
    public void Release_PendingReservation_FreesTheSlotAtOnce()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        var granted = state.Ask(Policies.T0);

        Assert.True(state.Release(granted.ReservationToken!, Policies.T0.AddSeconds(1)));

        Assert.True(state.Ask(Policies.T0.AddSeconds(1)).Granted);
    }

    [Fact]
    public void Commit_UnknownToken_ReturnsFalse()
    {
        var state = new PressureState(Policies.Open());

        Assert.False(state.Commit("nope", Policies.T0));
        Assert.False(state.Commit("", Policies.T0));
    }

    [Fact]
    public void Commit_Twice_SecondReturnsFalse()
    {
        var state = new PressureState(Policies.Open());
        var token = state.Ask(Policies.T0).ReservationToken!;

        Assert.True(state.Commit(token, Policies.T0));
        Assert.False(state.Commit(token, Policies.T0));
        Assert.False(state.Release(token, Policies.T0));
    }

    [Fact]
    public void Commit_AfterExpiry_ReturnsFalseAndCountsNothing()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        var granted = state.Ask(Policies.T0);

        Assert.False(state.Commit(granted.ReservationToken!, granted.ReservationExpiresAt!.Value));

        Assert.True(state.Ask(granted.ReservationExpiresAt.Value).Granted);
    }

    [Fact]
    public void Release_UnknownOrReleasedToken_ReturnsFalse()
    {
        var state = new PressureState(Policies.Open());
        var token = state.Ask(Policies.T0).ReservationToken!;

        Assert.True(state.Release(token, Policies.T0));
        Assert.False(state.Release(token, Policies.T0));
        Assert.False(state.Release("unknown", Policies.T0));
        Assert.False(state.Commit(token, Policies.T0));
    }

    [Fact]
    public void Request_SixtyFourRequestsForTheLastSlot_ExactlyOneGranted()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 3), global: new WindowCaps(Week: 10)));
        state.Contact(Policies.T0.AddHours(-2));
        state.Contact(Policies.T0.AddHours(-1));

        var granted = 0;
        for (var i = 0; i < 64; i++)
        {
            var decision = state.Request(Channel.Email, MessageKind.Marketing, $"campaign-{i % 8}", null, Policies.T0);
            granted += decision.Granted ? 1 : 0;
            Assert.True(decision.Granted || decision.Reason == DenyReason.ChannelCap, decision.ToString());
        }

        Assert.Equal(1, granted);
    }

    [Fact]
    public void Request_ManyGrants_TokensAreUniqueAndShort()
    {
        var state = new PressureState(Policies.Open());
        var tokens = new HashSet<string>();
        for (var i = 0; i < 2000; i++)
        {
            var token = state.Ask(Policies.T0).ReservationToken!;
            Assert.True(token.Length <= 12, token);
            Assert.True(tokens.Add(token), token);
            state.Release(token, Policies.T0);
        }
    }

    [Fact]
    public void Report_WithPendingToken_CommitsTheReservation()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        var granted = state.Ask(Policies.T0);

        state.Report(ContactOutcome.Delivered, Channel.Email, "c", Policies.T0.AddMinutes(1), granted.ReservationToken);

        Assert.Equal(0, state.PendingReservations);
        state.Ask(Policies.T0.AddHours(1)).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddMinutes(1).AddDays(1));
    }

    [Fact]
    public void ToContract_GrantedAndDenied_MapsEveryField()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        var granted = state.Ask(Policies.T0).ToContract();
        var denied = state.Ask(Policies.T0).ToContract();

        Assert.True(granted.Granted);
        Assert.NotEmpty(granted.ReservationToken);
        Assert.Equal(Policies.T0.AddMinutes(5), granted.ReservationExpiresAt.ToDateTimeOffset());
        Assert.False(denied.Granted);
        Assert.Equal(DenyReason.ChannelCap, denied.Reason);
        Assert.Equal("email cap of 1 per day reached", denied.Detail);
        Assert.Equal(Policies.T0.AddMinutes(5), denied.EarliestAt.ToDateTimeOffset());
    }
}
