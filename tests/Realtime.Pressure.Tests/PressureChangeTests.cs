using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

public sealed class PressureChangeTests
{
    private static List<PressureChange> Collect(PressureState state, DateTimeOffset now)
    {
        var changes = new List<PressureChange>();
        var added = state.CollectChanges("customer-1", now, changes);
        Assert.Equal(added, changes.Count);
        return changes;
    }

    [Fact]
    public void CollectChanges_AfterComplaint_EveryChannelSuppressedUntilSilenceEnds()
    {
        var state = new PressureState(Policies.Open());
        state.OnComplaint(new Complaint { Channel = Channel.Email }, Policies.T0, Policies.T0);

        var changes = Collect(state, Policies.T0);

        Assert.Equal(Channels.All, changes.Select(c => c.Channel));
        Assert.All(changes, c =>
        {
            Assert.Equal("customer-1", c.CustomerId);
            Assert.False(c.AllowedNow);
            Assert.Equal(DenyReason.Complaint, c.Reason);
            Assert.Equal(Policies.T0.AddDays(30), c.Until.ToDateTimeOffset());
            Assert.Equal(Policies.T0, c.At.ToDateTimeOffset());
        });
        Assert.Empty(Collect(state, Policies.T0.AddMinutes(1)));
    }

    [Fact]
    public void CollectChanges_WhenSuppressionEnds_AllowedAgainAtTheDueTime()
    {
        var state = new PressureState(Policies.Open());
        state.OnComplaint(new Complaint(), Policies.T0, Policies.T0);
        Collect(state, Policies.T0);

        Assert.Equal(Policies.T0.AddDays(30), state.NextDueAt);
        var changes = Collect(state, Policies.T0.AddDays(30));

        Assert.Equal(6, changes.Count);
        Assert.All(changes, c =>
        {
            Assert.True(c.AllowedNow);
            Assert.Equal(DenyReason.Unspecified, c.Reason);
            Assert.Null(c.Until);
        });
        Assert.Null(state.NextDueAt);
    }

    [Fact]
    public void CollectChanges_LastSlotReservedThenCommitted_CapReachedUntilTheSlotFrees()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        var granted = state.Ask(Policies.T0);

        var reserved = Assert.Single(Collect(state, Policies.T0));
        Assert.Equal((Channel.Email, false, DenyReason.ChannelCap), (reserved.Channel, reserved.AllowedNow, reserved.Reason));
        Assert.Equal(granted.ReservationExpiresAt, reserved.Until.ToDateTimeOffset());

        state.Commit(granted.ReservationToken!, Policies.T0.AddMinutes(1));
        var committed = Assert.Single(Collect(state, Policies.T0.AddMinutes(1)));
        Assert.Equal(Policies.T0.AddMinutes(1).AddDays(1), committed.Until.ToDateTimeOffset());
        Assert.Equal(Policies.T0.AddMinutes(1).AddDays(1), state.NextDueAt);

        var freed = Assert.Single(Collect(state, Policies.T0.AddMinutes(1).AddDays(1)));
        Assert.True(freed.AllowedNow);
    }

    [Fact]
    public void CollectChanges_ReservationExpires_AllowedAgainWithoutAnyEvent()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        var granted = state.Ask(Policies.T0);
        Collect(state, Policies.T0);

        Assert.Equal(granted.ReservationExpiresAt, state.NextDueAt);
        var freed = Assert.Single(Collect(state, granted.ReservationExpiresAt!.Value));

        Assert.True(freed.AllowedNow);
        Assert.Equal(0, state.PendingReservations);
    }

    [Fact]
    public void CollectChanges_HardBounce_SuppressedWithoutEnd()
    {
        var state = new PressureState(Policies.Open());
        state.Report(ContactOutcome.HardBounced, Channel.Sms, "c", Policies.T0);

        var change = Assert.Single(Collect(state, Policies.T0));

        Assert.Equal((Channel.Sms, false, DenyReason.HardBounce), (change.Channel, change.AllowedNow, change.Reason));
        Assert.Null(change.Until);
        Assert.Null(state.NextDueAt);
    }

    [Fact]
    public void CollectChanges_GapAndQuietHoursOnly_NothingPushed()
    {
        var state = new PressureState(Policies.Open(emailGap: TimeSpan.FromHours(12), quiet: new QuietHours(new TimeOnly(13, 0), new TimeOnly(8, 0))));
        state.Contact(Policies.T0);

        Assert.Empty(Collect(state, Policies.T0.AddHours(2)));
    }

    [Fact]
    public void Request_TransactionalReleased_NothingToPush()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));

        var granted = state.Ask(Policies.T0, kind: MessageKind.Transactional);
        Assert.Equal(Policies.T0.AddMinutes(5), state.NextDueAt);
        state.Release(granted.ReservationToken!, Policies.T0);

        Assert.False(state.MayHaveChanges);
        Assert.Empty(Collect(state, Policies.T0));
    }

    [Fact]
    public void MayHaveChanges_WhenOnlyTimeHasPassed_TrueSoTheWakeCollectsAllowedAgain()
    {
        var state = new PressureState(Policies.Open());
        state.OnComplaint(new Complaint(), Policies.T0, Policies.T0);
        Collect(state, Policies.T0);

        Assert.True(state.MayHaveChanges);
        Assert.Equal(6, Collect(state, Policies.T0.AddDays(30)).Count);
        Assert.False(state.MayHaveChanges);
    }

    [Fact]
    public void MayHaveChanges_NewState_False()
    {
        Assert.False(new PressureState(PressurePolicy.Default).MayHaveChanges);
    }

    [Fact]
    public void NextDueAt_NewState_IsNull()
    {
        Assert.Null(new PressureState(PressurePolicy.Default).NextDueAt);
    }
}
