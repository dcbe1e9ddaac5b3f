using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;

namespace Realtime.Actors.Tests;

public sealed class ActorConcurrencyTests
{
    private const int Senders = 8;
    private const int Batch = 500;
    private const int MessagesPerSender = 500 * Batch; // 8 × 250,000 = 2,000,000 messages
    private const int Keys = 100_000;

    [Fact]
    public async Task TellManyAsync_EightParallelSendersOverManyKeys_TurnsNeverOverlapAndSenderOrderHolds()
    {
        // Saves only at the end: this test is about turns; write-behind has its own tests.
        await using var host = LedgerHost.Create(out _, out var behavior, o =>
        {
            o.SaveBatchSize = Keys;
            o.MaxDirtyActors = Keys;
        });
        await host.StartAsync();
        var keys = Enumerable.Range(0, Keys).Select(i => $"k{i}").ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
        {
            await start.Task;
            var random = new Random(sender);
            var batch = new ActorMessage<LedgerMessage>[Batch];
            long sequence = 0;
            for (var sent = 0; sent < MessagesPerSender; sent += Batch)
            {
                for (var i = 0; i < Batch; i++)
                {
                    batch[i] = new ActorMessage<LedgerMessage>(keys[random.Next(Keys)], new LedgerMessage(LedgerOp.Add, 1, sender, ++sequence));
                }

                await host.Runtime.TellManyAsync(batch);
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(senders).Within(() => $"expected {Senders} senders to queue {(long)Senders * MessagesPerSender:N0} messages");

        // Every key's queue drains in order, so once a trailing message per key is processed, all earlier ones are.
        var trailer = keys.Select(k => new ActorMessage<LedgerMessage>(k, LedgerMessage.Add(0))).ToArray();
        var result = await host.Runtime.DeliverAsync(trailer).Within(() => "expected the trailing message of every key to be processed");
        await host.Runtime.FlushAsync().Within(() => "expected every actor to be saved");

        Assert.Equal(Keys, result.Processed);
        Assert.Equal(0, behavior.Violations);
        Assert.Equal((long)Senders * MessagesPerSender, keys.Sum(k => host.StoredTotal(behavior, k) ?? 0));
        var activations = host.Lifecycle.Events.Where(e => e.Kind == ActorLifecycleEventKind.Activated).GroupBy(e => e.Id.Key).ToArray();
        Assert.Equal(Keys, activations.Length);
        Assert.All(activations, g => Assert.True(g.Count() == 1, $"actor ledger/{g.Key}: expected 1 activation, got {g.Count()}"));
    }

    [Fact]
    public async Task AskUrgentAsync_MixedWithTellManyFromParallelSenders_PerSenderOrderHoldsAndEveryMessageRunsOnce()
    {
        // Few keys, so an urgent Ask usually finds earlier messages of its own actor still queued and must run them first.
        const int UrgentSenders = 4, Rounds = 200, TellsPerRound = 100, FewKeys = 200;
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.StartAsync();
        var keys = Enumerable.Range(0, FewKeys).Select(i => $"k{i}").ToArray();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var senders = Enumerable.Range(0, UrgentSenders).Select(sender => Task.Run(async () =>
        {
            await start.Task;
            var random = new Random(sender);
            var batch = new ActorMessage<LedgerMessage>[TellsPerRound];
            long sequence = 0;
            for (var round = 0; round < Rounds; round++)
            {
                for (var i = 0; i < TellsPerRound; i++)
                {
                    batch[i] = new ActorMessage<LedgerMessage>(keys[random.Next(FewKeys)], new LedgerMessage(LedgerOp.Add, 1, sender, ++sequence));
                }

                await host.Runtime.TellManyAsync(batch);
                await host.Runtime.AskUrgentAsync(keys[random.Next(FewKeys)], new LedgerMessage(LedgerOp.Add, 1, sender, ++sequence));
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(senders).Within(() => $"expected {UrgentSenders} senders to finish {Rounds} rounds of Tells and urgent Asks");

        var trailer = keys.Select(k => new ActorMessage<LedgerMessage>(k, LedgerMessage.Add(0))).ToArray();
        await host.Runtime.DeliverAsync(trailer).Within(() => "expected the trailing message of every key to be processed");
        await host.Runtime.FlushAsync().Within(() => "expected every actor to be saved");

        Assert.Equal(0, behavior.Violations);
        Assert.Equal((long)UrgentSenders * Rounds * (TellsPerRound + 1), keys.Sum(k => host.StoredTotal(behavior, k) ?? 0));
    }
}
