using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;

namespace Realtime.Actors.Tests;

/// <summary>An Ask's timeout covers the whole call, waiting for queue space included (Orleans' response timeout).</summary>
public sealed class ActorAskTimeoutTests
{
    private const int Capacity = 16;

    [Theory]
    [InlineData(null, null, 30)] // the default
    [InlineData(7, null, 7)] // ActorRuntimeOptions.AskTimeout
    [InlineData(7, 3, 3)] // the per-call timeout wins
    public async Task AskAsync_ShardQueueFullBehindStalledStore_TimesOutAfterTheWholeTimeout(int? optionSeconds, int? callSeconds, int expectedSeconds)
    {
        await using var host = LedgerHost.Create(out var clock, out _, o =>
        {
            o.Shards = 1;
            o.QueueCapacity = Capacity;
            o.MaxParkedMessages = 1;
            if (optionSeconds is { } seconds)
            {
                o.AskTimeout = TimeSpan.FromSeconds(seconds);
            }
        });
        await host.StartAsync();
        await FillQueueBehindStalledLoadAsync(host);

        var ask = host.Runtime.AskAsync("q0", LedgerMessage.Add(100), callSeconds is { } call ? TimeSpan.FromSeconds(call) : null).AsTask();
        clock.Advance(TimeSpan.FromSeconds(expectedSeconds) - TimeSpan.FromTicks(1));
        Assert.False(ask.IsCompleted, $"actor ledger/q0: expected the Ask to wait for queue space until {expectedSeconds} s");
        clock.Advance(TimeSpan.FromTicks(1));

        var error = await Assert.ThrowsAsync<ActorAskTimeoutException>(() => ask.Within(() => $"actor ledger/q0: expected the Ask to time out at {expectedSeconds} s while the queue is full"));
        Assert.Equal(LedgerHostExtensions.Id("q0"), error.ActorId);
        Assert.Equal(Capacity, host.Runtime.QueueDepth);

        // The timed-out Ask was never queued: once the store resumes, only the Tell reaches ledger/q0.
        host.Store.ResumeReads();
        Assert.Equal(1, await host.Runtime.AskAsync("q0", LedgerMessage.Get).Within(() => "actor ledger/q0: expected total 1 once the store resumed"));
    }

    /// <summary>
    /// Parks one message on a stalled load (MaxParkedMessages = 1 makes the worker stop taking messages), then fills
    /// the shard queue: from here on every enqueue waits for space.
    /// </summary>
    private static async Task FillQueueBehindStalledLoadAsync(ActorTestHost<LedgerState, LedgerMessage, long, LedgerChange, LedgerView> host)
    {
        host.Store.StallReads();
        await host.Runtime.TellAsync("parked", LedgerMessage.Add(1));
        await host.Store.WhenReadStalled.Within(() => "actor ledger/parked: expected its load to stall");
        for (var i = 0; i < Capacity; i++)
        {
            var tell = host.Runtime.TellAsync($"q{i}", LedgerMessage.Add(1));
            Assert.True(tell.IsCompletedSuccessfully, $"expected Tell {i} to fit in the queue");
            await tell;
        }

        Assert.Equal(Capacity, host.Runtime.QueueDepth);
    }
}
