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
        var total = await host.Runtime.AskAsync("a", LedgerMessage.Get).Within(() => "actor ledger/a: expected a reply to Get");

        Assert.Equal(5, total);
    }
}
