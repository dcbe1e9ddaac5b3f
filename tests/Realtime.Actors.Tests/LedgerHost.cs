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
