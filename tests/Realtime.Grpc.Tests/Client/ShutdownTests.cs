using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Client;

public sealed class ShutdownTests
{
    [Fact]
    public async Task CallAfterTheServerStopped_Unavailable()
    {
        var server = await GrpcTestServer.StartAsync(null);
        var address = server.GrpcAddress;
        await server.Channel.UnaryAsync(TestMethods.EmptyCall, new Empty());
        await server.DisposeAsync();

        using var channel = GrpcChannel.ForAddress(address);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await channel.UnaryAsync(TestMethods.EmptyCall, new Empty()));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task InFlightCall_WhenTheServerStops_EndsNonOk()
    {
        var server = await GrpcTestServer.StartAsync(null);
        var key = $"shutdown-{Guid.NewGuid():N}";
        var call = server.Channel.UnaryAsync(TestMethods.WaitForCancellation, new WaitRequest { Key = key });
        await server.Observer.WhenStarted(key);

        await server.DisposeAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.NotEqual(StatusCode.OK, error.StatusCode);
        Assert.Equal("cancelled", await server.Observer.WhenEnded(key));
    }
}
