using System.Buffers;
using Realtime.Actors.Persistence;
using Realtime.Actors.Testing;
using Realtime.Actors.Tests.TestActors;
using Realtime.Testing;

namespace Realtime.Actors.Tests;

/// <summary>Builds the host every test uses: the ledger actor on a fake clock, with test-friendly options.</summary>
internal static class LedgerHost
{
    public static ActorTestHost<LedgerState, LedgerMessage, long, LedgerChange, LedgerView> Create(
        out FakeTimeProvider clock,
        out LedgerBehavior behavior,
        Action<ActorRuntimeOptions>? configure = null)
    {
        clock = new FakeTimeProvider();
        behavior = new LedgerBehavior();
        return new ActorTestHost<LedgerState, LedgerMessage, long, LedgerChange, LedgerView>(behavior, clock, () =>
        {
            var options = new ActorRuntimeOptions { Shards = 2, IdleScanInterval = TimeSpan.Zero };
            configure?.Invoke(options);
            return options;
        });
    }
}

/// <summary>Test shorthands over the ledger host.</summary>
internal static class LedgerHostExtensions
{
    public static ActorId Id(string key) => new("ledger", key);

    /// <summary>Stores a state directly, as a previous run would have left it.</summary>
    public static async Task SeedAsync(this ActorTestHost<LedgerState, LedgerMessage, long, LedgerChange, LedgerView> host, LedgerBehavior behavior, string key, long total, DateTimeOffset? due = null)
    {
        var bytes = new ArrayBufferWriter<byte>();
        behavior.Serialize(new LedgerState { Total = total, Due = due }, bytes);
        var results = await host.Storage.WriteAsync([new StateWrite(Id(key), bytes.WrittenMemory.ToArray(), 0, 0, due)], CancellationToken.None);
        Assert.False(results[0].Conflict, $"Seeding actor {Id(key)} conflicted with an existing state.");
    }

    /// <summary>The stored total of an actor (what survives a crash).</summary>
    public static long? StoredTotal(this ActorTestHost<LedgerState, LedgerMessage, long, LedgerChange, LedgerView> host, LedgerBehavior behavior, string key) =>
        host.Storage.Peek(Id(key)) is { } stored ? behavior.Deserialize(key, stored.Payload.Span).Total : null;
}
