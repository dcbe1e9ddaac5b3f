using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;

namespace Realtime.Actors.Tests;

public sealed class ActorLifecycleTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task IdleTimeout_NoMessages_SavesThenDeactivatesAtExactTime()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior, o => o.SaveInterval = TimeSpan.FromHours(1));
        await host.StartAsync();
        await host.Runtime.AskAsync("idle", LedgerMessage.Add(7));

        clock.Advance(TimeSpan.FromMinutes(15) - Tick);
        Assert.Equal(7, await host.Runtime.ReadAsync("idle", s => s.Total)); // a barrier: the shard has run its ticks
        Assert.Equal(0, host.Lifecycle.Count(ActorLifecycleEventKind.Deactivated, "idle"));
        Assert.Null(host.StoredTotal(behavior, "idle"));

        clock.Advance(Tick);
        var deactivated = await host.Lifecycle.WaitForDeactivationAsync("idle")
            .Within(() => $"actor ledger/idle: expected deactivation at {clock.GetUtcNow():O}; stored total {host.StoredTotal(behavior, "idle")}");

        Assert.Equal(DeactivationReason.Idle, deactivated.Reason);
        Assert.Equal(7, host.StoredTotal(behavior, "idle"));
    }

    [Fact]
    public async Task IdleTimeout_AfterRestart_SavesThenDeactivatesAtExactTime()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior, o => o.SaveInterval = TimeSpan.FromHours(1));
        await host.StartAsync();
        await host.Runtime.AskAsync("again", LedgerMessage.Add(7));
        await host.Runtime.FlushAsync();

        await host.RestartAsync(); // a crash: a new runtime over the same store, nothing in memory
        clock.Advance(TimeSpan.FromMinutes(3));
        var mark = host.Lifecycle.Sequence;
        Assert.Equal(8, await host.Runtime.AskAsync("again", LedgerMessage.Add(1)).Within(() => "actor ledger/again: expected it to reload 7 after the restart"));
        clock.Advance(TimeSpan.FromMinutes(15) - Tick);
        Assert.Equal(8, await host.Runtime.ReadAsync("again", s => s.Total)); // a barrier: the shard has run its ticks
        Assert.DoesNotContain(host.Lifecycle.Events, e => e.Sequence > mark && e.Kind == ActorLifecycleEventKind.Deactivated);
        Assert.Equal(7, host.StoredTotal(behavior, "again"));

        clock.Advance(Tick);
        var deactivated = await host.Lifecycle.WaitForDeactivationAsync("again", mark)
            .Within(() => $"actor ledger/again: expected deactivation 15 min after its last turn on the restarted runtime, at {clock.GetUtcNow():O}");

        Assert.Equal(DeactivationReason.Idle, deactivated.Reason);
        Assert.Equal(8, host.StoredTotal(behavior, "again"));
    }

    [Fact]
    public async Task IdleTimeout_MessageAfterDeactivation_ReactivatesWithSavedState()
    {
        await using var host = LedgerHost.Create(out var clock, out _, o => o.IdleTimeout = TimeSpan.FromMinutes(5));
        await host.StartAsync();
        await host.Runtime.AskAsync("back", LedgerMessage.Add(3));
        clock.Advance(TimeSpan.FromMinutes(5));
        await host.Lifecycle.WaitForDeactivationAsync("back").Within(() => "actor ledger/back: expected deactivation after 5 min idle");

        var total = await host.Runtime.AskAsync("back", LedgerMessage.Add(1)).Within(() => "actor ledger/back: expected reactivation with total 3 + 1");

        Assert.Equal(4, total);
        Assert.Equal(2, host.Lifecycle.Count(ActorLifecycleEventKind.Activated, "back"));
    }

    [Fact]
    public async Task DeactivateAsync_DirtyActor_IsSavedDroppedAndReactivatedByNextMessage()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.StartAsync();
        await host.Runtime.AskAsync("d", LedgerMessage.Add(5));

        await host.Runtime.DeactivateAsync("d").Within(() => "actor ledger/d: expected the deactivation to complete");

        Assert.Equal(5, host.StoredTotal(behavior, "d"));
        Assert.Equal(1, host.Lifecycle.Count(ActorLifecycleEventKind.Deactivated, "d"));
        Assert.Equal(6, await host.Runtime.AskAsync("d", LedgerMessage.Add(1)));
        Assert.Equal(2, host.Lifecycle.Count(ActorLifecycleEventKind.Activated, "d"));
    }

    [Fact]
    public async Task DeactivateAsync_SaveFails_FailsAndKeepsTheActor()
    {
        await using var host = LedgerHost.Create(out _, out _);
        await host.StartAsync();
        await host.Runtime.AskAsync("keep", LedgerMessage.Add(5));
        host.Store.FailNextWrite(new IOException("store down"));

        await Assert.ThrowsAsync<IOException>(() => host.Runtime.DeactivateAsync("keep").Within(() => "actor ledger/keep: expected the deactivation to fail"));

        Assert.Equal(0, host.Lifecycle.Count(ActorLifecycleEventKind.Deactivated, "keep"));
        Assert.Equal(5, await host.Runtime.ReadAsync("keep", s => s.Total));
    }

    [Fact]
    public async Task IdleTimeout_ActorKeptBusy_IsNotDeactivated()
    {
        await using var host = LedgerHost.Create(out var clock, out _);
        await host.StartAsync();
        for (var minute = 0; minute < 30; minute += 10)
        {
            await host.Runtime.AskAsync("busy", LedgerMessage.Add(1));
            clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(3, await host.Runtime.ReadAsync("busy", s => s.Total));
        Assert.Equal(0, host.Lifecycle.Count(ActorLifecycleEventKind.Deactivated, "busy"));
    }

    [Fact]
    public async Task DueTime_Reached_WakesActorAtExactInstantWithoutMessage()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior);
        var changes = new ChangeCollector();
        host.Subscribe(changes);
        await host.StartAsync();
        var due = clock.GetUtcNow().AddMinutes(10);
        await host.Runtime.AskAsync("r", new LedgerMessage(LedgerOp.SetDue, Due: due));

        clock.Advance(TimeSpan.FromMinutes(10) - Tick);
        Assert.Equal(0, await host.Runtime.ReadAsync("r", s => s.Wakes));
        clock.Advance(Tick);
        var woke = await changes.WaitForAsync(c => c.Key == "r" && c.Change.Kind == "woke")
            .Within(() => $"actor ledger/r: expected a wake-up at {due:O}; wakes so far {behavior.WakeCount}");

        Assert.Equal(due, woke.At);
        Assert.Equal(1, await host.Runtime.ReadAsync("r", s => s.Wakes));
    }

    [Fact]
    public async Task DueTime_ActorIdleDeactivated_WakesFromStore()
    {
        await using var host = LedgerHost.Create(out var clock, out _, o => o.IdleTimeout = TimeSpan.FromMinutes(1));
        var changes = new ChangeCollector();
        host.Subscribe(changes);
        await host.StartAsync();
        var due = clock.GetUtcNow().AddMinutes(30);
        await host.Runtime.AskAsync("sleeper", new LedgerMessage(LedgerOp.SetDue, Due: due));
        clock.Advance(TimeSpan.FromMinutes(1));
        await host.Lifecycle.WaitForDeactivationAsync("sleeper").Within(() => "actor ledger/sleeper: expected idle deactivation");

        clock.Advance(TimeSpan.FromMinutes(29));
        var woke = await changes.WaitForAsync(c => c.Key == "sleeper" && c.Change.Kind == "woke")
            .Within(() => $"actor ledger/sleeper: expected a wake-up at {due:O} from the stored due time");

        Assert.Equal(due, woke.At);
        Assert.Equal(2, host.Lifecycle.Count(ActorLifecycleEventKind.Activated, "sleeper"));
    }

    [Fact]
    public async Task DueTime_AfterRestart_WakesAtExactInstantFromStore()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior);
        var changes = new ChangeCollector();
        host.Subscribe(changes);
        await host.StartAsync();
        var due = clock.GetUtcNow().AddHours(1);
        await host.Runtime.AskAsync("durable", new LedgerMessage(LedgerOp.SetDue, Value: 0, Due: due));
        await host.Runtime.FlushAsync();

        await host.RestartAsync(); // a crash: a new runtime over the same store, nothing in memory
        clock.Advance(TimeSpan.FromHours(1) - Tick);
        await host.Runtime.FlushAsync(); // a barrier: every shard has handled the due times the scans found
        Assert.Equal(0, behavior.WakeCount);
        clock.Advance(Tick);
        var woke = await changes.WaitForAsync(c => c.Key == "durable" && c.Change.Kind == "woke")
            .Within(() => $"actor ledger/durable: expected a wake-up at {due:O} after the restart; stored due {host.Storage.Peek(LedgerHostExtensions.Id("durable"))?.DueAt:O}");

        Assert.Equal(due, woke.At);
        Assert.Equal(1, behavior.WakeCount);
    }

    [Fact]
    public async Task DueTime_DueWhileStopped_WakesRightAfterStart()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior);
        var changes = new ChangeCollector();
        host.Subscribe(changes);
        var due = clock.GetUtcNow().AddMinutes(5);
        await host.SeedAsync(behavior, "overdue", total: 1, due: due);
        clock.Advance(TimeSpan.FromMinutes(10));

        await host.StartAsync();
        var woke = await changes.WaitForAsync(c => c.Key == "overdue" && c.Change.Kind == "woke")
            .Within(() => $"actor ledger/overdue: expected the overdue wake-up (due {due:O}) to run at start");

        Assert.Equal(1, woke.Change.Total);
    }

    [Fact]
    public async Task DueTime_OverdueWhenMessageActivates_WakesBeforeTheMessage()
    {
        // No store scan runs in this test (1 h interval), so only the message activates the actor.
        await using var host = LedgerHost.Create(out var clock, out var behavior, o => o.DueScanInterval = TimeSpan.FromHours(1));
        var changes = new ChangeCollector();
        host.Subscribe(changes);
        await host.StartAsync();
        await host.SeedAsync(behavior, "late", total: 1, due: clock.GetUtcNow().AddMinutes(5));
        clock.Advance(TimeSpan.FromMinutes(10));

        var total = await host.Runtime.AskAsync("late", new LedgerMessage(LedgerOp.Emit, 1)).Within(() => "actor ledger/late: expected a reply");
        await changes.WaitForAsync(c => c.Key == "late" && c.Change.Kind == "added").Within(() => "actor ledger/late: expected the added change");

        Assert.Equal(2, total);
        Assert.Equal(["woke", "added"], changes.Changes.Where(c => c.Key == "late").Select(c => c.Change.Kind));
    }
}
