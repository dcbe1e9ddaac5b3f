using Realtime.Actors.Tests.TestActors;

namespace Realtime.Actors.Tests;

/// <summary>
/// A flush is what a checkpoint stands on: once it completes, every message queued before it is in a saved state. That
/// includes a message parked while its actor's state loads: a checkpoint that recorded its log position without it
/// would lose it to a crash.
/// </summary>
public sealed class ActorFlushTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task FlushAsync_WaitsForAMessageParkedOnAStateLoad_AndSavesIt()
    {
        await using var host = LedgerHost.Create(out var clock, out var behavior, o =>
        {
            o.Shards = 1;
            o.SaveInterval = TimeSpan.FromHours(1); // only the flush saves
        });
        await host.StartAsync();
        await host.Runtime.TellAsync("warm", LedgerMessage.Add(1));
        await host.Runtime.FlushAsync().Within(() => "expected the first flush to complete");
        await host.Runtime.TellAsync("warm", LedgerMessage.Add(1)); // active and dirty: the flush below saves it

        // The next load takes two delays on the fake clock, a write one.
        host.Store.ReadDelay = 2 * Delay;
        host.Store.WriteDelay = Delay;
        var reads = host.Store.Reads;
        var writes = host.Store.Writes;
        await host.Runtime.TellAsync("parked", LedgerMessage.Add(5), logPosition: 7);
        await host.Store.WhenReadsStarted(reads + 1).Within(() => "expected the parked actor's load to start");
        var flush = host.Runtime.FlushAsync();
        await host.Store.WhenWritesStarted(writes + 1).Within(() => "expected the flush to save the warm actor");

        clock.Advance(Delay); // the warm actor's save lands; the load still waits
        clock.Advance(Delay); // the load lands: the parked message runs and its actor must be saved before the flush completes
        var first = await Task.WhenAny(flush, host.Store.WhenWritesStarted(writes + 2)).Within(() => "expected the parked actor's save");
        Assert.NotSame(flush, first);

        clock.Advance(Delay);
        await flush.Within(() => "expected the flush to complete once the parked actor is saved");
        Assert.Equal(5, host.StoredTotal(behavior, "parked"));
    }
}
