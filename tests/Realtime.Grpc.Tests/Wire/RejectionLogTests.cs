using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;
using Realtime.Testing;

namespace Realtime.Grpc.Tests.Wire;

/// <summary>A flood of bad requests is answered in full but logged at a bounded rate, with a count of what was not.</summary>
public sealed class RejectionLogTests
{
    private const string MissingPath = "/realtime.testing.v1.TestService/NoSuchMethod";
    private const string EmptyCallPath = "/realtime.testing.v1.TestService/EmptyCall";

    [Fact]
    public async Task AFloodOfRejectedCalls_LogsAtMostTheRatePerSecond_ThenCountsTheRest()
    {
        var clock = new FakeTimeProvider();
        await using var server = await GrpcTestServer.StartAsync(o => o.RejectionLogsPerSecond = 5, clock);
        var message = RawGrpc.Frame(new Empty());

        for (var i = 0; i < 20; i++)
        {
            var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(MissingPath, message));
            Assert.Equal(12, response.GrpcStatus); // every caller still gets its answer: UNIMPLEMENTED
        }

        for (var i = 0; i < 3; i++)
        {
            await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, message, "text/plain"));
        }

        Assert.Equal(5, server.Logs.Entries.Count(e => e.EventId.Name is "CallRejected" or "HttpRejected"));
        Assert.DoesNotContain(server.Logs.Entries, e => e.EventId.Name == "RejectionsHeldBack");

        clock.Advance(TimeSpan.FromSeconds(1));
        await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(MissingPath, message));

        var heldBack = Assert.Single(server.Logs.Entries, e => e.EventId.Name == "RejectionsHeldBack");
        Assert.StartsWith("18 more rejected requests were not logged", heldBack.Message, StringComparison.Ordinal);
        Assert.Equal(6, server.Logs.Entries.Count(e => e.EventId.Name is "CallRejected" or "HttpRejected"));

        var served = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, message));
        Assert.Equal("0", served.Trailers.GetValues("grpc-status").Single());
    }
}
