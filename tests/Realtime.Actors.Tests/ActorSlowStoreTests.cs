using Realtime.Actors.Tests.TestActors;

namespace Realtime.Actors.Tests;

/// <summary>A slow store (not a stalled one) slows producers down to its pace instead of growing memory.</summary>
public sealed class ActorSlowStoreTests
{
    private const int Capacity = 16;
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task TellAsync_SlowWrites_ProducerWaitsForEachWriteAndQueuesStayBounded()
    {
        const int Messages = 1_000;
        await using var host = LedgerHost.Create(out var clock, out var behavior, o =>
        {
            o.Shards = 1;
            o.QueueCapacity = Capacity;
            o.SaveBatchSize = Capacity;
            o.MaxDirtyActors = Capacity;
            o.SaveInterval = TimeSpan.FromHours(1); // only the dirty limit and the flush start saves
        });
        host.Store.WriteDelay = Delay;
        await host.StartAsync();
        var accepted = 0;
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                var tell = host.Runtime.TellAsync($"p{i}", LedgerMessage.Add(1));
                if (!tell.IsCompleted)
                {
                    blocked.TrySetResult();
                }

                await tell;
                Interlocked.Increment(ref accepted);
            }

            await host.Runtime.FlushAsync();
        });

        // The clock has not moved, so the first write is still in its delay: the producer must wait for it.
        await blocked.Task.Within(() => $"expected the producer to wait on the slow store; accepted {Volatile.Read(ref accepted)}");
        Assert.InRange(Volatile.Read(ref accepted), Capacity, 5 * Capacity);
        Assert.InRange(host.Runtime.QueueDepth, 0, Capacity);
        await host.Store.WhenWritesStarted(1).Within(() => "expected the first write to start");
        Assert.Equal(1, host.Store.Writes); // one write in flight per shard, and it waits for the clock

        // Let the store take its time, one write after the other, until everything is accepted and saved.
        var writesCompleted = 0;
        while (await Task.WhenAny(work, host.Store.WhenWritesStarted(writesCompleted + 1))
                   .Within(() => $"expected write {writesCompleted + 1} or the end; accepted {Volatile.Read(ref accepted)}") != work)
        {
            clock.Advance(Delay);
            writesCompleted++;
        }

        await work;
        Assert.Equal(Messages, host.Storage.Count);
        Assert.Equal(1, host.StoredTotal(behavior, $"p{Messages - 1}"));
        Assert.True(writesCompleted >= Messages / Capacity, $"expected at least {Messages / Capacity} writes of at most {Capacity} states; got {writesCompleted}");
    }

    [Fact]
    public async Task TellAsync_SlowReads_ProducerWaitsForLoadsAndParkedMessagesStayBounded()
    {
        const int Keys = 50;
        const int Messages = 500;
        await using var host = LedgerHost.Create(out var clock, out _, o =>
        {
            o.Shards = 1;
            o.QueueCapacity = Capacity;
            o.MaxParkedMessages = 32;
        });
        host.Store.ReadDelay = Delay;
        await host.StartAsync();
        var blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var work = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                var tell = host.Runtime.TellAsync($"r{i % Keys}", LedgerMessage.Add(1));
                if (!tell.IsCompleted)
                {
                    blocked.TrySetResult();
                }

                await tell;
            }

            return await host.Runtime.AskAsync("r7", LedgerMessage.Get);
        });

        await blocked.Task.Within(() => "expected the producer to wait while activations load slowly");
        Assert.False(work.IsCompleted, "expected the producer to be held while the first loads are in their delay");
        Assert.InRange(host.Runtime.QueueDepth, 0, Capacity);

        var readsStarted = 0;
        while (await Task.WhenAny(work, host.Store.WhenReadsStarted(readsStarted + 1))
                   .Within(() => $"expected read {readsStarted + 1} or the end") != work)
        {
            readsStarted = host.Store.Reads;
            clock.Advance(Delay); // completes every read started so far
        }

        Assert.Equal(Messages / Keys, await work);
        Assert.Equal(Keys, host.Store.Reads);
    }
}
