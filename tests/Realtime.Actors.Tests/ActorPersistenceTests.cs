using Realtime.Actors.Persistence;
using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;

namespace Realtime.Actors.Tests;

public sealed class ActorPersistenceTests
{
    [Fact]
    public async Task SaveInterval_Elapsed_WritesDirtyStatesInOneBatchWithLogPosition()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior, o => o.Shards = 1);
        await host.StartAsync();
        await host.Runtime.TellAsync("a", LedgerMessage.Add(1), logPosition: 5);
        await host.Runtime.TellAsync("b", LedgerMessage.Add(2), logPosition: 6);
        await host.Runtime.AskAsync("a", LedgerMessage.Get);
        Assert.Equal(0, host.Store.Writes);

        clock.Advance(TimeSpan.FromSeconds(1));
        await host.Runtime.FlushAsync(); // a barrier: the save tick ran before it

        Assert.Equal(1, host.Store.Writes);
        Assert.Equal(2, host.Store.StateWrites);
        var a = host.Storage.Peek(LedgerHostExtensions.Id("a"))!;
        Assert.Equal((1L, 5L), (a.Version, a.LogPosition));
        Assert.Equal(2, host.StoredTotal(behavior, "b"));
    }

    [Fact]
    public async Task FlushAsync_OnlyQueryTurnsSinceLastSave_WritesNothing()
    {
        await using var host = LedgerHost.Create(out _, out _);
        await host.StartAsync();
        await host.Runtime.AskAsync("q", LedgerMessage.Add(1));
        await host.Runtime.FlushAsync();
        var writes = host.Store.StateWrites;

        await host.Runtime.AskAsync("q", LedgerMessage.Get);
        await host.Runtime.FlushAsync();

        Assert.Equal(writes, host.Store.StateWrites);
    }

    [Fact]
    public async Task Kill_UnsavedChanges_AreLostAndRestartResumesFromLastSave()
    {
        await using var host = LedgerHost.Create(out _, out _);
        await host.StartAsync();
        await host.Runtime.AskAsync("k", LedgerMessage.Add(1));
        await host.Runtime.FlushAsync();
        await host.Runtime.AskAsync("k", LedgerMessage.Add(2));

        await host.RestartAsync();
        var total = await host.Runtime.AskAsync("k", LedgerMessage.Get).Within(() => "actor ledger/k: expected the saved total 1 after the crash");

        Assert.Equal(1, total);
    }

    [Fact]
    public async Task Kill_AskWaitingOnActivation_FailsWithRuntimeStopped()
    {
        await using var host = LedgerHost.Create(out _, out _);
        await host.StartAsync();
        host.Store.StallReads();
        var ask = host.Runtime.AskAsync("pending", LedgerMessage.Get).AsTask();
        await host.Store.WhenReadStalled.Within(() => "actor ledger/pending: expected its activation to wait on the stalled store");

        host.Kill();

        await Assert.ThrowsAsync<ActorRuntimeStoppedException>(() => ask.Within(() => "actor ledger/pending: expected the Ask to fail when the runtime is killed"));
        await Assert.ThrowsAsync<ActorRuntimeStoppedException>(() => host.Runtime.TellAsync("pending", LedgerMessage.Add(1)).AsTask());
    }

    [Fact]
    public async Task DeliverAsync_ReplayedLogPositions_AreAppliedOnceAfterRestart()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.StartAsync();
        ActorMessage<LedgerMessage>[] log = [.. Enumerable.Range(1, 5).Select(i => new ActorMessage<LedgerMessage>("replay", LedgerMessage.Add(i), i))];
        await host.Runtime.DeliverAsync(log.AsMemory(0, 3));
        await host.Runtime.FlushAsync();
        await host.RestartAsync();

        // The event log replays everything after its own checkpoint: 1..5. The state already includes 1..3.
        var result = await host.Runtime.DeliverAsync(log).Within(() => "actor ledger/replay: expected the replay to be processed");
        var total = await host.Runtime.AskAsync("replay", LedgerMessage.Get);

        Assert.Equal(new DeliveryResult(5, 0, null), result);
        Assert.Equal(1 + 2 + 3 + 4 + 5, total);
        await host.Runtime.FlushAsync();
        Assert.Equal(5, host.Storage.Peek(LedgerHostExtensions.Id("replay"))!.LogPosition);
        Assert.Equal(15, host.StoredTotal(behavior, "replay"));
    }

    [Fact]
    public async Task DeliverAsync_SomeTurnsFail_CountsThemWithoutThrowing()
    {
        await using var host = LedgerHost.Create(out _, out _);
        await host.StartAsync();
        ActorMessage<LedgerMessage>[] batch =
        [
            new("x", LedgerMessage.Add(1)),
            new("y", new LedgerMessage(LedgerOp.Throw)),
            new("x", LedgerMessage.Add(1)),
        ];

        var result = await host.Runtime.DeliverAsync(batch).Within(() => "actors ledger/x and ledger/y: expected the batch to be processed");

        Assert.Equal(2, result.Processed);
        Assert.Equal(1, result.Failed);
        Assert.IsType<ActorTurnException>(result.FirstError);
    }

    [Fact]
    public async Task FlushAsync_StaleActivationConflicts_IsDeactivatedAndReloadsNewerState()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.StartAsync();
        await using var other = ActorRuntime.Create(behavior, host.Store, host.TimeProvider, new ActorRuntimeOptions { Shards = 1 });
        await other.StartAsync();
        await host.Runtime.AskAsync("shared", LedgerMessage.Add(1));
        await host.Runtime.FlushAsync();

        // A duplicate activation elsewhere saves first ...
        Assert.Equal(11, await other.AskAsync("shared", LedgerMessage.Add(10)));
        await other.FlushAsync();
        // ... so this activation's next save is stale.
        var mark = host.Lifecycle.Sequence;
        await host.Runtime.AskAsync("shared", LedgerMessage.Add(100));
        await host.Runtime.FlushAsync();
        var deactivated = await host.Lifecycle.WaitForDeactivationAsync("shared", mark)
            .Within(() => $"actor ledger/shared: expected a conflict deactivation; stored version {host.Storage.Peek(LedgerHostExtensions.Id("shared"))?.Version}");

        Assert.Equal(DeactivationReason.Conflict, deactivated.Reason);
        Assert.Equal(11, host.StoredTotal(behavior, "shared"));
        Assert.Equal(11, await host.Runtime.AskAsync("shared", LedgerMessage.Get));
    }

    [Fact]
    public async Task SaveFails_StateStaysDirtyAndIsSavedOnRetry()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior);
        await host.StartAsync();
        await host.Runtime.AskAsync("retry", LedgerMessage.Add(9));
        host.Store.FailNextWrite(new IOException("store down"));

        await Assert.ThrowsAsync<IOException>(() => host.Runtime.FlushAsync());
        Assert.Null(host.StoredTotal(behavior, "retry"));
        clock.Advance(TimeSpan.FromSeconds(1));
        await host.Runtime.FlushAsync().Within(() => "actor ledger/retry: expected the retried save to succeed");

        Assert.Equal(9, host.StoredTotal(behavior, "retry"));
    }

    [Fact]
    public async Task TellAsync_StoreStalled_ProducerWaitsAndQueuesStayBounded()
    {
        const int Capacity = 16;
        await using var host = LedgerHost.Create(out _, out var behavior, o =>
        {
            o.Shards = 1;
            o.QueueCapacity = Capacity;
            o.SaveBatchSize = Capacity;
            o.MaxDirtyActors = Capacity;
        });
        await host.StartAsync();
        host.Store.StallWrites();
        var accepted = 0;
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < 1_000; i++)
            {
                var tell = host.Runtime.TellAsync($"p{i}", LedgerMessage.Add(1));
                if (!tell.IsCompleted)
                {
                    blocked.TrySetResult();
                }

                await tell;
                Interlocked.Increment(ref accepted);
            }
        });
        await blocked.Task.Within(() => $"expected the producer to wait on a full queue; accepted {Volatile.Read(ref accepted)}");

        // Held: one stalled batch + the dirty limit + the queue, and at most one buffer being worked through.
        Assert.InRange(Volatile.Read(ref accepted), Capacity, 5 * Capacity);
        Assert.InRange(host.Runtime.QueueDepth, 0, Capacity);
        Assert.False(producer.IsCompleted);

        host.Store.ResumeWrites();
        await producer.Within(() => $"expected the producer to finish once the store resumed; accepted {Volatile.Read(ref accepted)}");
        await host.Runtime.FlushAsync();
        Assert.Equal(1_000, host.Storage.Count);
        Assert.Equal(1, host.StoredTotal(behavior, "p999"));
    }

    [Fact]
    public async Task TellAsync_StoreReadsStalled_ParkedMessagesStayBounded()
    {
        await using var host = LedgerHost.Create(out _, out _, o =>
        {
            o.Shards = 1;
            o.QueueCapacity = 16;
            o.MaxParkedMessages = 32;
        });
        await host.StartAsync();
        host.Store.StallReads();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var tell = host.Runtime.TellAsync($"r{i % 50}", LedgerMessage.Add(1));
                if (!tell.IsCompleted)
                {
                    blocked.TrySetResult();
                }

                await tell;
            }
        });
        await host.Store.WhenReadStalled.Within(() => "expected the first activation to wait on the stalled store");
        await blocked.Task.Within(() => "expected the producer to wait while activations are loading");
        Assert.False(producer.IsCompleted, "expected the producer to be held while reads are stalled");
        Assert.InRange(host.Runtime.QueueDepth, 0, 16);

        host.Store.ResumeReads();
        await producer.Within(() => "expected the producer to finish once reads resumed");
        Assert.Equal(10, await host.Runtime.AskAsync("r7", LedgerMessage.Get));
    }

    [Fact]
    public async Task ReadAsync_InactiveKeysWhileLoadsStall_CountTowardTheParkedBoundAndWait()
    {
        const int MaxParked = 4;
        await using var host = LedgerHost.Create(out _, out _, o =>
        {
            o.Shards = 1;
            o.MaxParkedMessages = MaxParked;
        });
        await host.StartAsync();
        await host.Runtime.AskAsync("warm", LedgerMessage.Add(1));
        var readsBefore = host.Store.Reads;
        host.Store.StallReads();

        var reads = Enumerable.Range(0, 10).Select(i => host.Runtime.ReadAsync($"cold{i}", s => s.Total)).ToArray();
        Assert.Equal(1, await host.Runtime.ReadAsync("warm", s => s.Total)); // a barrier: commands run in order

        Assert.True(host.Store.Reads - readsBefore == MaxParked, $"expected only {MaxParked} loads to start while they stall; {host.Store.Reads - readsBefore} did");
        Assert.All(reads, r => Assert.False(r.IsCompleted));
        host.Store.ResumeReads();
        var totals = await Task.WhenAll(reads).Within(() => "expected every read to answer once the store resumed");
        Assert.All(totals, t => Assert.Equal(0, t));
        Assert.Equal(10, host.Store.Reads - readsBefore);
    }

    [Fact]
    public async Task ReadAsync_ShardHoldsItsBoundOfRequests_NextRequestWaitsForASlot()
    {
        const int Capacity = 16;
        await using var host = LedgerHost.Create(out _, out _, o =>
        {
            o.Shards = 1;
            o.QueueCapacity = Capacity;
        });
        await host.StartAsync();
        await host.Runtime.AskAsync("warm", LedgerMessage.Add(1));
        var readsBefore = host.Store.Reads;
        host.Store.StallReads();

        var held = Enumerable.Range(0, Capacity).Select(i => host.Runtime.ReadAsync($"cold{i}", s => s.Total)).ToArray();
        var waiting = host.Runtime.ReadAsync("one-too-many", s => s.Total);
        var deactivation = host.Runtime.DeactivateAsync("not-active");

        // A barrier: a shard runs every posted request before its next message (a flush would wait for the stalled loads).
        Assert.Equal(1, await host.Runtime.AskAsync("warm", LedgerMessage.Get).AsTask().Within(() => "expected the barrier to pass"));

        Assert.True(host.Store.Reads - readsBefore == Capacity, $"expected {Capacity} loads (one per request slot); {host.Store.Reads - readsBefore} started");
        Assert.False(waiting.IsCompleted, "expected the read beyond the bound to wait for a slot");
        Assert.False(deactivation.IsCompleted, "expected the deactivation beyond the bound to wait for a slot");
        host.Store.ResumeReads();
        await Task.WhenAll([.. held, waiting, deactivation]).Within(() => "expected every request to complete once the store resumed");
        Assert.Equal(Capacity + 1, host.Store.Reads - readsBefore);
    }

    [Fact]
    public async Task StopAsync_DirtyActors_AreSavedAndLaterMessagesAreRefused()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.StartAsync();
        await host.Runtime.TellAsync("s", LedgerMessage.Add(3));

        await host.Runtime.StopAsync().Within(() => "expected a graceful stop");

        Assert.Equal(3, host.StoredTotal(behavior, "s"));
        await Assert.ThrowsAsync<ActorRuntimeStoppedException>(() => host.Runtime.TellAsync("s", LedgerMessage.Add(1)).AsTask());
        Assert.Contains(host.Lifecycle.Events, e => e.Id.Key == "s" && e.Reason == DeactivationReason.Shutdown);
    }

    [Fact]
    public async Task EraseAsync_ActiveActorWithSavedState_DropsItAndDeletesStoredState()
    {
        await using var host = LedgerHost.Create(out _, out _);
        await host.StartAsync();
        await host.Runtime.AskAsync("gone", LedgerMessage.Add(8));
        await host.Runtime.FlushAsync();
        await host.Runtime.AskAsync("gone", LedgerMessage.Add(1));

        await host.Runtime.EraseAsync("gone").Within(() => "actor ledger/gone: expected the erase to complete");
        await host.Runtime.FlushAsync();

        Assert.Null(host.Storage.Peek(LedgerHostExtensions.Id("gone")));
        Assert.False(host.Runtime.TryGetView("gone", out _), "actor ledger/gone: expected no view after the erase");
        Assert.Contains(host.Lifecycle.Events, e => e.Id.Key == "gone" && e.Reason == DeactivationReason.Erased);
        Assert.Equal(0, await host.Runtime.AskAsync("gone", LedgerMessage.Get));
    }

    [Fact]
    public async Task StopAsync_WhileLoading_SavesInlineAndStops()
    {
        // The stop waits for the load; the load's message then makes the actor dirty, and the final save completes
        // inline (as SQLite's does). Nothing else will wake the worker, so the stop must end right there.
        await using var host = LedgerHost.Create(out _, out var behavior, o => o.Shards = 1);
        await host.StartAsync();
        host.Store.StallReads();
        await host.Runtime.TellAsync("s", LedgerMessage.Add(1));
        await host.Store.WhenReadStalled.Within(() => "actor ledger/s: expected its load to start");

        var stop = host.Runtime.StopAsync();
        host.Store.ResumeReads();

        await stop.Within(() => "expected the stop to end after the load and the final save");
        Assert.Equal(1, host.StoredTotal(behavior, "s"));
    }

    [Fact]
    public async Task InMemoryStore_WriteWithStaleVersion_ReportsConflictAndKeepsOthers()
    {
        var store = new InMemoryActorStateStore();
        var a = new ActorId("t", "a");
        var b = new ActorId("t", "b");
        await store.WriteAsync([new StateWrite(a, new byte[] { 1 }, 0, 1, null)], default);

        var results = await store.WriteAsync([new StateWrite(a, new byte[] { 2 }, 0, 2, null), new StateWrite(b, new byte[] { 3 }, 0, 3, null)], default);

        Assert.Equal([new WriteResult(true, 1), new WriteResult(false, 1)], results);
        Assert.Equal(1, store.Peek(a)!.Payload.Span[0]);
    }
}
