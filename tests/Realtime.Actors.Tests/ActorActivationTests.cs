using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;

namespace Realtime.Actors.Tests;

public sealed class ActorActivationTests
{
    [Fact]
    public async Task AskAsync_StoredState_IsLoadedBeforeTheFirstTurn()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.SeedAsync(behavior, "s", total: 41);
        await host.StartAsync();

        var total = await host.Runtime.AskAsync("s", LedgerMessage.Add(1)).Within(() => "actor ledger/s: expected a reply (stored 41 + 1)");

        Assert.Equal(42, total);
    }

    [Fact]
    public async Task TellAsync_RacingFirstMessages_CreateOneActivationAndQueueUntilLoaded()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.SeedAsync(behavior, "race", total: 100);
        await host.StartAsync();
        host.Store.StallReads();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var senders = Enumerable.Range(0, 8).Select(sender => Task.Run(async () =>
        {
            await start.Task;
            for (var i = 1; i <= 100; i++)
            {
                await host.Runtime.TellAsync("race", new LedgerMessage(LedgerOp.Add, 1, sender, i));
            }
        })).ToArray();
        start.SetResult();
        await Task.WhenAll(senders).Within(() => "actor ledger/race: expected all 800 messages to be queued while the state loads");
        await host.Store.WhenReadStalled.Within(() => "actor ledger/race: expected its state read to stall");
        host.Store.ResumeReads();
        var total = await host.Runtime.AskAsync("race", LedgerMessage.Get).Within(() => "actor ledger/race: expected total 900 once loaded");

        Assert.Equal(900, total);
        Assert.Equal(1, host.Lifecycle.Count(ActorLifecycleEventKind.Activated, "race"));
        Assert.Equal(1, host.Store.Reads);
        Assert.Equal(0, behavior.Violations);
    }

    [Fact]
    public async Task AskAsync_ActivationFails_FailsQueuedMessagesAndNextMessageRetriesCleanly()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.SeedAsync(behavior, "f", total: 10);
        await host.StartAsync();
        host.Store.StallReads();
        host.Store.FailNextRead(new IOException("disk on fire"));

        var first = host.Runtime.AskAsync("f", LedgerMessage.Add(1)).AsTask();
        var second = host.Runtime.AskAsync("f", LedgerMessage.Add(2)).AsTask();
        var read = host.Runtime.ReadAsync("f", s => s.Total);
        await host.Store.WhenReadStalled.Within(() => "actor ledger/f: expected its state read to stall");
        host.Store.ResumeReads();

        var error = await Assert.ThrowsAsync<ActorActivationException>(() => first.Within(() => "actor ledger/f: expected the first Ask to fail"));
        await Assert.ThrowsAsync<ActorActivationException>(() => second.Within(() => "actor ledger/f: expected the second Ask to fail"));
        await Assert.ThrowsAsync<ActorActivationException>(() => read.Within(() => "actor ledger/f: expected the read to fail"));
        Assert.IsType<IOException>(error.InnerException);
        Assert.Equal(LedgerHostExtensions.Id("f"), error.ActorId);

        var retried = await host.Runtime.AskAsync("f", LedgerMessage.Add(5)).Within(() => "actor ledger/f: expected the retry to activate from the store (10 + 5)");
        Assert.Equal(15, retried);
        Assert.Equal(1, host.Lifecycle.Count(ActorLifecycleEventKind.ActivationFailed, "f"));
        Assert.Equal(1, host.Lifecycle.Count(ActorLifecycleEventKind.Activated, "f"));
    }

    [Fact]
    public async Task AskAsync_StateCannotBeDeserialized_FailsActivationAndLeavesStoredStateAlone()
    {
        await using var host = LedgerHost.Create(out _, out var behavior);
        await host.SeedAsync(behavior, "corrupt", total: 7);
        behavior.CorruptKeys.Add("corrupt");
        await host.StartAsync();

        await Assert.ThrowsAsync<ActorActivationException>(() => host.Runtime.AskAsync("corrupt", LedgerMessage.Get).AsTask());
        behavior.CorruptKeys.Clear();
        var total = await host.Runtime.AskAsync("corrupt", LedgerMessage.Get).Within(() => "actor ledger/corrupt: expected the stored total 7 after the retry");

        Assert.Equal(7, total);
        Assert.Equal(1, host.Storage.Peek(LedgerHostExtensions.Id("corrupt"))!.Version);
    }
}
