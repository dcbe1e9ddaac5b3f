using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;
using Realtime.Testing;

namespace Realtime.Actors.Tests;

/// <summary>
/// Timers take a delay; when the clock moves while one is being armed, the runtime must still fire at the instant it
/// wanted (otherwise a wake-up or idle deactivation comes late, or, on a fake clock, not at all).
/// </summary>
public sealed class ActorTimerArmingTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    // The clock moves by a minute inside the Ask: its own timeout must not expire on the way.
    private static readonly TimeSpan LongerThanTheMove = TimeSpan.FromHours(1);

    [Fact]
    public async Task DueTime_ClockMovesWhileTheDueTimerIsArmed_WakesAtTheExactDueTime()
    {
        var clock = new ClockMovingWhileArming(new FakeTimeProvider());
        await using var host = NewHost(clock);
        var changes = new ChangeCollector();
        host.Subscribe(changes);
        await host.StartAsync();
        await host.Runtime.AskAsync("r", LedgerMessage.Add(1));
        var due = clock.GetUtcNow().AddMinutes(10);

        clock.MoveWhenArming(TimeSpan.FromMinutes(10), by: TimeSpan.FromMinutes(1));
        await host.Runtime.AskAsync("r", new LedgerMessage(LedgerOp.SetDue, Due: due), LongerThanTheMove);
        Assert.Equal(due.AddMinutes(-9), clock.GetUtcNow()); // the clock did move while the timer was armed

        clock.Clock.Advance(TimeSpan.FromMinutes(9) - Tick);
        Assert.Equal(0, await host.Runtime.ReadAsync("r", s => s.Wakes)); // a barrier: not yet
        clock.Clock.Advance(Tick);
        var woke = await changes.WaitForAsync(c => c.Key == "r" && c.Change.Kind == "woke")
            .Within(() => $"actor ledger/r: expected a wake-up at {due:O}; the clock is at {clock.GetUtcNow():O}");

        Assert.Equal(due, woke.At);
    }

    [Fact]
    public async Task IdleTimeout_ClockMovesWhileTheIdleTimerIsArmed_DeactivatesAtTheExactTime()
    {
        var clock = new ClockMovingWhileArming(new FakeTimeProvider());
        await using var host = NewHost(clock);
        await host.StartAsync();
        var activatedAt = clock.GetUtcNow();

        clock.MoveWhenArming(TimeSpan.FromMinutes(15), by: TimeSpan.FromMinutes(1));
        await host.Runtime.AskAsync("idle", LedgerMessage.Get, LongerThanTheMove); // activates the actor, which arms the idle timer
        Assert.Equal(activatedAt.AddMinutes(1), clock.GetUtcNow());

        clock.Clock.Advance(TimeSpan.FromMinutes(14) - Tick);
        Assert.Equal(0, await host.Runtime.ReadAsync("idle", s => s.Total)); // a barrier: still active
        Assert.Equal(0, host.Lifecycle.Count(ActorLifecycleEventKind.Deactivated, "idle"));
        clock.Clock.Advance(Tick);

        var deactivated = await host.Lifecycle.WaitForDeactivationAsync("idle")
            .Within(() => $"actor ledger/idle: expected deactivation at {activatedAt.AddMinutes(15):O}; the clock is at {clock.GetUtcNow():O}");
        Assert.Equal(DeactivationReason.Idle, deactivated.Reason);
    }

    private static ActorTestHost<LedgerState, LedgerMessage, long, LedgerChange, LedgerView> NewHost(TimeProvider clock) =>
        new(new LedgerBehavior(), clock, () => new ActorRuntimeOptions { Shards = 1, IdleScanInterval = TimeSpan.Zero });
}
