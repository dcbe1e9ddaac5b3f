using Realtime.Actors.Persistence;
using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;
using Realtime.Testing;

namespace Realtime.Actors.Tests;

/// <summary>
/// The urgent lane (<see cref="ActorRuntime{TState,TMessage,TReply,TChange,TView}.AskUrgentAsync"/>): ahead of other
/// actors' queued messages, never ahead of its own actor's. Each test holds the single shard's worker inside a turn
/// (<see cref="JournalOp.Hold"/>) while it queues, so what is queued behind what is exact, then reads the journal.
/// </summary>
public sealed class ActorUrgentAskTests
{
    [Fact]
    public async Task AskUrgentAsync_OtherActorsQueuedAhead_RunsBeforeThem()
    {
        await using var host = CreateHost(out _, out var behavior);
        await HoldWorkerAsync(host, behavior);
        for (var i = 0; i < 50; i++)
        {
            await host.Runtime.TellAsync($"other-{i}", JournalMessage.Add(1));
        }

        var ask = host.Runtime.AskUrgentAsync("k", JournalMessage.Get).AsTask();
        behavior.Release();

        Assert.Equal(0, await ask.Within(() => "actor journal/k: expected the urgent Ask to be answered"));
        await DrainAsync(host);
        var journal = behavior.Journal;
        Assert.True(
            IndexOf(journal, "k", JournalOp.Get) < IndexOf(journal, "other-0", JournalOp.Add),
            $"expected the urgent Ask to run before the 50 messages queued ahead of it for other actors; journal: {Describe(journal)}");
    }

    [Fact]
    public async Task AskAsync_OtherActorsQueuedAhead_WaitsBehindThem()
    {
        // The contrast that makes the test above mean something: a plain Ask keeps its FIFO place.
        await using var host = CreateHost(out _, out var behavior);
        await HoldWorkerAsync(host, behavior);
        for (var i = 0; i < 50; i++)
        {
            await host.Runtime.TellAsync($"other-{i}", JournalMessage.Add(1));
        }

        var ask = host.Runtime.AskAsync("k", JournalMessage.Get).AsTask();
        behavior.Release();

        await ask.Within(() => "actor journal/k: expected the Ask to be answered");
        var journal = behavior.Journal;
        Assert.True(
            IndexOf(journal, "k", JournalOp.Get) > IndexOf(journal, "other-49", JournalOp.Add),
            $"expected a plain Ask to run after the messages queued ahead of it; journal: {Describe(journal)}");
    }

    [Fact]
    public async Task AskUrgentAsync_OwnActorHasEarlierMessages_AppliesThemFirstAndLaterOnesAfter()
    {
        await using var host = CreateHost(out _, out var behavior);
        await HoldWorkerAsync(host, behavior);
        await host.Runtime.TellAsync("k", JournalMessage.Add(5));
        for (var i = 0; i < 10; i++)
        {
            await host.Runtime.TellAsync($"other-{i}", JournalMessage.Add(1));
        }

        await host.Runtime.TellAsync("k", JournalMessage.Add(7));
        var ask = host.Runtime.AskUrgentAsync("k", JournalMessage.Get).AsTask();
        await host.Runtime.TellAsync("k", JournalMessage.Add(100));
        await host.Runtime.TellAsync("other-10", JournalMessage.Add(1));
        behavior.Release();

        Assert.Equal(12, await ask.Within(() => "actor journal/k: expected the urgent Ask to see the 5 and 7 queued before it"));
        Assert.Equal(112, await host.Runtime.AskAsync("k", JournalMessage.Get).Within(() => "actor journal/k: expected its final total"));
        var journal = behavior.Journal;
        Assert.Equal(
            [(JournalOp.Add, 5L, 5L), (JournalOp.Add, 7L, 12L), (JournalOp.Get, 0L, 12L), (JournalOp.Add, 100L, 112L), (JournalOp.Get, 0L, 112L)],
            journal.Where(e => e.Key == "k").Select(e => (e.Op, e.Value, e.Total)));
        Assert.True(
            IndexOf(journal, "k", JournalOp.Get) < IndexOf(journal, "other-0", JournalOp.Add),
            $"expected actor k's turns to overtake the other actors' messages; journal: {Describe(journal)}");
        AssertEachOtherRanOnce(journal, 11);
    }

    [Fact]
    public async Task AskUrgentAsync_ArrivesWhileAShardWorksThroughALongBatch_RunsWithinTheNextCheck()
    {
        await using var host = CreateHost(out _, out var behavior);
        const int Others = 200;
        var batch = new List<ActorMessage<JournalMessage>> { new("holder", JournalMessage.Hold) };
        batch.AddRange(Enumerable.Range(0, Others).Select(i => new ActorMessage<JournalMessage>($"other-{i}", JournalMessage.Add(1))));
        batch.Add(new ActorMessage<JournalMessage>("k", JournalMessage.Add(1)));

        // One TellMany: the idle worker swaps all 202 messages out as one batch and blocks on its first turn.
        await host.StartAsync();
        await host.Runtime.TellManyAsync(batch.ToArray());
        await behavior.Held.Within(() => "actor journal/holder: expected the worker to start the held turn");
        await host.Runtime.TellAsync("k", JournalMessage.Add(3));
        var ask = host.Runtime.AskUrgentAsync("k", JournalMessage.Get).AsTask();
        await host.Runtime.TellAsync("k", JournalMessage.Add(10));
        behavior.Release();

        // Both earlier messages to k (one in the batch being processed, one still in the queue) count.
        Assert.Equal(4, await ask.Within(() => "actor journal/k: expected the urgent Ask to be answered mid-batch"));
        Assert.Equal(14, await host.Runtime.AskAsync("k", JournalMessage.Get).Within(() => "actor journal/k: expected its final total"));
        var journal = behavior.Journal;
        var othersBefore = journal.Take(IndexOf(journal, "k", JournalOp.Get)).Count(e => e.Key.StartsWith("other-", StringComparison.Ordinal));
        Assert.True(othersBefore <= 64, $"expected the urgent Ask within 64 turns of the batch, but {othersBefore} other turns ran first");
        Assert.True(othersBefore < Others, $"expected the urgent Ask before the end of the {Others}-message batch; {othersBefore} ran first");
        Assert.Equal([1L, 3L, 0L, 10L, 0L], journal.Where(e => e.Key == "k").Select(e => e.Value));
        AssertEachOtherRanOnce(journal, Others);
    }

    [Fact]
    public async Task AskUrgentAsync_QueueFullOfIngest_UsesTheReserveAndRunsFirst()
    {
        const int Capacity = 16;
        await using var host = CreateHost(out _, out var behavior, o => o.QueueCapacity = Capacity);
        await HoldWorkerAsync(host, behavior);
        for (var i = 0; i < Capacity; i++)
        {
            var tell = host.Runtime.TellAsync($"other-{i}", JournalMessage.Add(1));
            Assert.True(tell.IsCompletedSuccessfully, $"expected Tell {i} to fit in the queue");
        }

        var blocked = host.Runtime.TellAsync("late", JournalMessage.Add(1)).AsTask();
        var ask = host.Runtime.AskUrgentAsync("k", JournalMessage.Get).AsTask();
        Assert.False(blocked.IsCompleted, "expected a Tell to wait for space in the full queue");
        Assert.Equal(Capacity + 1, host.Runtime.QueueDepth);
        behavior.Release();

        await ask.Within(() => "actor journal/k: expected the urgent Ask queued in the reserve to be answered");
        await blocked.Within(() => "expected the waiting Tell to be queued once the worker swapped the queue out");
        await DrainAsync(host);
        var journal = behavior.Journal;
        Assert.True(IndexOf(journal, "k", JournalOp.Get) < IndexOf(journal, "other-0", JournalOp.Add), $"journal: {Describe(journal)}");
        Assert.Equal(1, journal.Count(e => e.Key == "late"));
    }

    [Fact]
    public async Task AskUrgentAsync_ActorStillLoading_WaitsForItsParkedMessages()
    {
        await using var host = CreateHost(out _, out var behavior);
        await host.StartAsync();
        await host.Runtime.AskAsync("other", JournalMessage.Get).Within(() => "actor journal/other: expected it to activate");
        host.Store.StallReads();
        await host.Runtime.TellAsync("k", JournalMessage.Add(2));
        await host.Store.WhenReadStalled.Within(() => "actor journal/k: expected its load to stall");

        var ask = host.Runtime.AskUrgentAsync("k", JournalMessage.Get).AsTask();
        await host.Runtime.TellAsync("other", JournalMessage.Add(1));
        await host.Runtime.AskAsync("other", JournalMessage.Get).Within(() => "actor journal/other: expected it to run while k loads");
        Assert.False(ask.IsCompleted, "expected the urgent Ask to wait for k's state, parked behind k's first message");
        host.Store.ResumeReads();

        Assert.Equal(2, await ask.Within(() => "actor journal/k: expected the urgent Ask to see the message parked before it"));
    }

    [Fact]
    public async Task AskUrgentAsync_TimeoutPassesWhileTheShardIsHeld_ThrowsAndTheActorStaysUsable()
    {
        await using var host = CreateHost(out var clock, out var behavior);
        await HoldWorkerAsync(host, behavior);
        var ask = host.Runtime.AskUrgentAsync("k", JournalMessage.Add(1), TimeSpan.FromSeconds(5)).AsTask();

        clock.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<ActorAskTimeoutException>(() => ask.Within(() => "actor journal/k: expected the urgent Ask to time out after 5 s"));
        Assert.Equal(new ActorId("journal", "k"), error.ActorId);
        behavior.Release();

        // Outcome unknown, as for any timed-out Ask: here it was queued, so it still runs, once.
        Assert.Equal(1, await host.Runtime.AskUrgentAsync("k", JournalMessage.Get).Within(() => "actor journal/k: expected the timed-out Add to have run once"));
    }

    [Fact]
    public async Task AskUrgentAsync_RuntimeKilledWhileQueued_FailsAsStopped()
    {
        await using var host = CreateHost(out _, out var behavior);
        await HoldWorkerAsync(host, behavior);
        var ask = host.Runtime.AskUrgentAsync("k", JournalMessage.Get).AsTask();

        host.Kill();
        behavior.Release();

        await Assert.ThrowsAsync<ActorRuntimeStoppedException>(() => ask.Within(() => "actor journal/k: expected the queued urgent Ask to fail when killed"));
        Assert.DoesNotContain(behavior.Journal, e => e.Key == "k");
    }

    [Fact]
    public async Task AskUrgentAsync_StopWhileQueued_IsAnsweredBeforeTheStopEndsAndRefusedAfter()
    {
        await using var host = CreateHost(out _, out var behavior);
        await HoldWorkerAsync(host, behavior);
        await host.Runtime.TellAsync("k", JournalMessage.Add(4));
        var ask = host.Runtime.AskUrgentAsync("k", JournalMessage.Get).AsTask();

        var stop = host.Runtime.StopAsync();
        behavior.Release();

        Assert.Equal(4, await ask.Within(() => "actor journal/k: expected the urgent Ask queued before the stop to be answered"));
        await stop.Within(() => "expected the stop to drain and end");
        await Assert.ThrowsAsync<ActorRuntimeStoppedException>(() => host.Runtime.AskUrgentAsync("k", JournalMessage.Get).AsTask());
        Assert.Equal(4, host.Storage.Peek(new ActorId("journal", "k")) is { } stored ? behavior.Deserialize("k", stored.Payload.Span).Total : -1);
    }

    private static ActorTestHost<JournalState, JournalMessage, long, None, None> CreateHost(
        out FakeTimeProvider clock,
        out JournalBehavior behavior,
        Action<ActorRuntimeOptions>? configure = null)
    {
        clock = new FakeTimeProvider();
        behavior = new JournalBehavior();
        return new ActorTestHost<JournalState, JournalMessage, long, None, None>(behavior, clock, () =>
        {
            // One shard, so every actor of the test shares the held worker and its queue.
            var options = new ActorRuntimeOptions { Shards = 1, IdleScanInterval = TimeSpan.Zero };
            configure?.Invoke(options);
            return options;
        });
    }

    /// <summary>Starts the runtime and blocks its worker inside a turn: everything queued from here waits behind it.</summary>
    private static async Task HoldWorkerAsync(ActorTestHost<JournalState, JournalMessage, long, None, None> host, JournalBehavior behavior)
    {
        await host.StartAsync();
        await host.Runtime.TellAsync("holder", JournalMessage.Hold);
        await behavior.Held.Within(() => "actor journal/holder: expected the worker to start the held turn");
    }

    /// <summary>A plain Ask queued last: once it is answered, everything queued before it has run (FIFO).</summary>
    private static Task DrainAsync(ActorTestHost<JournalState, JournalMessage, long, None, None> host) =>
        host.Runtime.AskAsync("drain", JournalMessage.Get).Within(() => "actor journal/drain: expected the queue to drain");

    private static int IndexOf(IReadOnlyList<JournalEntry> journal, string key, JournalOp op)
    {
        for (var i = 0; i < journal.Count; i++)
        {
            if (journal[i].Key == key && journal[i].Op == op)
            {
                return i;
            }
        }

        throw new Xunit.Sdk.XunitException($"actor journal/{key}: no {op} turn in the journal: {Describe(journal)}");
    }

    private static void AssertEachOtherRanOnce(IReadOnlyList<JournalEntry> journal, int others)
    {
        var counts = journal.Where(e => e.Key.StartsWith("other-", StringComparison.Ordinal)).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Count());
        for (var i = 0; i < others; i++)
        {
            Assert.True(counts.GetValueOrDefault($"other-{i}") == 1, $"actor journal/other-{i}: expected exactly 1 turn, got {counts.GetValueOrDefault($"other-{i}")}");
        }
    }

    private static string Describe(IReadOnlyList<JournalEntry> journal) =>
        string.Join(", ", journal.Take(40).Select(e => $"{e.Key}:{e.Op}"));
}
