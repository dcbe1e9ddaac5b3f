using Realtime.Actors.Persistence;
using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;

namespace Realtime.Actors.Tests;

public sealed class ActorRuntimeTurnTests
{
    [Fact]
    public async Task AskAsync_AfterTells_RepliesWithStateOfAllEarlierMessages()
    {
        await using var host = LedgerHost.Create(out _, out _);
        await host.StartAsync();

        await host.Runtime.TellAsync("a", LedgerMessage.Add(2));
        await host.Runtime.TellAsync("a", LedgerMessage.Add(3));
        var total = await host.Runtime.AskAsync("a", LedgerMessage.Get).Within(() => "actor ledger/a: expected a reply to Get (total 5)");

        Assert.Equal(5, total);
    }

    [Fact]
    public async Task AskAsync_TurnThrows_ReportsToCallerAndKeepsPreviousState()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        var changes = new ChangeCollector();
        host.Subscribe(changes);
        await host.StartAsync();
        await host.Runtime.AskAsync("t", LedgerMessage.Add(5));

        var error = await Assert.ThrowsAsync<ActorTurnException>(() => host.Runtime.AskAsync("t", new LedgerMessage(LedgerOp.Throw)).AsTask());
        var after = await host.Runtime.AskAsync("t", LedgerMessage.Add(1)).Within(() => "actor ledger/t: expected the actor to still answer after a failed turn");

        Assert.Equal(LedgerHostExtensions.Id("t"), error.ActorId);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(6, after);
        Assert.DoesNotContain(changes.Changes, c => c.Change.Kind == "never published");
        Assert.True(host.Runtime.TryGetView("t", out var view));
        Assert.Equal(6, view.Total);
        Assert.Equal(1, host.Lifecycle.Count(ActorLifecycleEventKind.TurnFailed, "t"));
        Assert.Equal(1, host.Lifecycle.Count(ActorLifecycleEventKind.Activated, "t"));
        Assert.Equal(0, behavior.Violations);
    }

    [Fact]
    public async Task AskAsync_TurnReplacesStateThenThrows_KeepsTheStateFromBeforeTheTurn()
    {
        await using var host = LedgerHost.Create(out _, out _);
        await host.StartAsync();
        await host.Runtime.AskAsync("f", LedgerMessage.Add(3));

        await Assert.ThrowsAsync<ActorTurnException>(() => host.Runtime.AskAsync("f", new LedgerMessage(LedgerOp.ReplaceThenThrow)).AsTask());
        var total = await host.Runtime.ReadAsync("f", s => s.Total).Within(() => "actor ledger/f: expected a read after the failed turn");

        Assert.True(total == 3, $"actor ledger/f: expected total 3 (the state before the failed turn), got {total}");
    }

    [Fact]
    public async Task TellAsync_TurnThrows_OtherActorsOnTheSameWorkerKeepWorking()
    {
        await using var host = LedgerHost.Create(out _, out _, o => o.Shards = 1);
        await host.StartAsync();

        await host.Runtime.TellAsync("bad", new LedgerMessage(LedgerOp.Throw));
        await host.Runtime.TellAsync("good", LedgerMessage.Add(4));
        var good = await host.Runtime.AskAsync("good", LedgerMessage.Get).Within(() => "actor ledger/good: expected total 4 after another actor's turn threw");

        Assert.Equal(4, good);
        await host.Lifecycle.WaitForAsync(e => e.Kind == ActorLifecycleEventKind.TurnFailed && e.Id.Key == "bad")
            .Within(() => "actor ledger/bad: expected its failed turn to be reported");
    }

    [Fact]
    public async Task AskAsync_NoReplyWithinTimeout_ThrowsTimeoutNamingTheActor()
    {
        await using var host = LedgerHost.Create(out var clock, out _);
        await host.StartAsync();
        host.Store.StallReads();

        var ask = host.Runtime.AskAsync("slow", LedgerMessage.Get, TimeSpan.FromSeconds(5)).AsTask();
        await host.Store.WhenReadStalled.Within(() => "actor ledger/slow: expected its activation to wait on the stalled store");
        clock.Advance(TimeSpan.FromSeconds(5) - TimeSpan.FromTicks(1));
        Assert.False(ask.IsCompleted, "actor ledger/slow: expected the Ask to be pending 1 tick before its timeout");
        clock.Advance(TimeSpan.FromTicks(1));

        var error = await Assert.ThrowsAsync<ActorAskTimeoutException>(() => ask.Within(() => "actor ledger/slow: expected the Ask to time out at 5 s"));
        Assert.Equal(LedgerHostExtensions.Id("slow"), error.ActorId);
        Assert.Contains("ledger/slow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_DefaultTimeout_IsThirtySeconds()
    {
        await using var host = LedgerHost.Create(out var clock, out _);
        await host.StartAsync();
        host.Store.StallReads();

        var ask = host.Runtime.AskAsync("slow", LedgerMessage.Get).AsTask();
        await host.Store.WhenReadStalled.Within(() => "actor ledger/slow: expected its activation to wait on the stalled store");
        clock.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        Assert.False(ask.IsCompleted, "actor ledger/slow: expected the Ask to be pending before 30 s");
        clock.Advance(TimeSpan.FromTicks(1));

        await Assert.ThrowsAsync<ActorAskTimeoutException>(() => ask.Within(() => "actor ledger/slow: expected the Ask to time out at 30 s"));
    }

    [Fact]
    public async Task Subscribe_TurnsEmitChanges_SinkGetsThemAfterTheTurnInOrder()
    {
        await using var host = LedgerHost.Create(out var clock, out _);
        var changes = new ChangeCollector();
        host.Subscribe(changes);
        await host.StartAsync();

        await host.Runtime.TellAsync("c", new LedgerMessage(LedgerOp.Emit, 1), logPosition: 10);
        await host.Runtime.TellAsync("c", new LedgerMessage(LedgerOp.Throw));
        await host.Runtime.TellAsync("c", new LedgerMessage(LedgerOp.Emit, 2), logPosition: 11);
        await changes.WaitForAsync(c => c.Change.Total == 3).Within(() => $"actor ledger/c: expected a change with total 3; got [{string.Join(", ", changes.Changes)}]");

        var seen = changes.Changes.Where(c => c.Key == "c").ToArray();
        Assert.Equal([1L, 3L], seen.Select(c => c.Change.Total));
        Assert.Equal([10L, 11L], seen.Select(c => c.LogPosition));
        Assert.All(seen, c => Assert.Equal(clock.GetUtcNow(), c.At));
    }

    [Fact]
    public async Task ReadAsync_IngestQueueBlocked_AnswersFromStateAndViewWithoutWaiting()
    {
        await using var host = LedgerHost.Create(out _, out _, o =>
        {
            o.Shards = 1;
            o.QueueCapacity = 16;
            o.SaveBatchSize = 16;
            o.MaxDirtyActors = 16;
        });
        await host.StartAsync();
        await host.Runtime.AskAsync("looked-up", LedgerMessage.Add(42));
        host.Store.StallWrites();

        // Dirty more actors than a stalled save allows: the worker stops taking messages and the queue fills.
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await host.Runtime.TellAsync($"ingest-{i}", LedgerMessage.Add(1));
            }

            await host.Runtime.TellAsync("looked-up", LedgerMessage.Add(1000));
        });
        await host.Store.WhenWriteStalled.Within(() => "expected a save to stall");

        var total = await host.Runtime.ReadAsync("looked-up", s => s.Total).Within(() => "actor ledger/looked-up: expected the read to answer while ingest waits");
        Assert.Equal(42, total);
        Assert.True(host.Runtime.TryGetView("looked-up", out var view), "actor ledger/looked-up: expected a published view");
        Assert.Equal(42, view.Total);
        Assert.False(producer.IsCompleted, "expected the producer to be held back by the stalled store");

        host.Store.ResumeWrites();
        await producer.Within(() => "expected the producer to finish once the store resumed");
        Assert.Equal(1042, await host.Runtime.AskAsync("looked-up", LedgerMessage.Get));
    }

    [Fact]
    public async Task AskAsync_ObserverAndChangeSinkThrow_WorkerKeepsServing()
    {
        await using var runtime = ActorRuntime.Create(new LedgerBehavior(), new InMemoryActorStateStore(), new Realtime.Testing.FakeTimeProvider(),
            new ActorRuntimeOptions { Shards = 1 }, observer: new ThrowingObserver());
        runtime.Subscribe(new ThrowingSink());
        await runtime.StartAsync();

        await runtime.AskAsync("o", new LedgerMessage(LedgerOp.Emit, 2)).Within(() => "actor ledger/o: expected a reply despite a throwing observer and sink");
        var total = await runtime.AskAsync("o", LedgerMessage.Add(1)).Within(() => "actor ledger/o: expected total 3");

        Assert.Equal(3, total);
    }

    private sealed class ThrowingObserver : IActorRuntimeObserver
    {
        public void OnActivated(Realtime.Actors.Persistence.ActorId id) => throw new InvalidOperationException("observer bug");
    }

    private sealed class ThrowingSink : IActorChangeSink<LedgerChange>
    {
        public void OnChanges(ReadOnlySpan<ActorChange<LedgerChange>> changes) => throw new InvalidOperationException("sink bug");
    }
}
