using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Client;

/// <summary>
/// Deadlines are wall-clock by nature in the protocol (grpc-timeout): these use short real deadlines, and the server
/// handlers wait for cancellation instead of sleeping. Where the server handler must be seen running first, the
/// deadline is a full second, so a loaded machine still starts the handler in time.
/// </summary>
[Collection(GrpcServerCollection.Name)]
public sealed class DeadlineAndCancellationTests(GrpcTestServer server)
{
    [Fact]
    public async Task Unary_DeadlinePasses_DeadlineExceeded_AndTheServerHandlerIsCancelled()
    {
        var key = $"deadline-{Guid.NewGuid():N}";

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(
            TestMethods.WaitForCancellation, new WaitRequest { Key = key }, new CallOptions { Timeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        // The client enforces the deadline too and resets the stream, racing the server's own timer: either way the
        // handler must be cancelled. (Wire/DeadlineWireTests sees the server's timer alone.)
        Assert.Contains(await server.Observer.WhenEnded(key), new[] { "deadline", "cancelled" });
    }

    [Fact]
    public async Task Duplex_DeadlineWithoutHalfClose_DeadlineExceeded()
    {
        using var call = server.Channel.DuplexStreaming(TestMethods.FullDuplexCall, new CallOptions { Timeout = TimeSpan.FromMilliseconds(100) });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().AsTask());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task ServerStreaming_DeadlineAfterAMessage_DeadlineExceededInTrailers()
    {
        var key = $"stream-deadline-{Guid.NewGuid():N}";
        using var call = server.Channel.ServerStreaming(TestMethods.StreamUntilCancelled, new WaitRequest { Key = key },
            new CallOptions { Timeout = TimeSpan.FromSeconds(1) });

        Assert.True(await call.ResponseStream.MoveNext());
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().AsTask());

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.Contains(await server.Observer.WhenEnded(key), new[] { "deadline", "cancelled" });
    }

    [Fact]
    public async Task Unary_ClientCancels_CancelledOnBothSides()
    {
        var key = $"cancel-{Guid.NewGuid():N}";
        using var cancellation = new CancellationTokenSource();
        var call = server.Channel.UnaryAsync(TestMethods.WaitForCancellation, new WaitRequest { Key = key },
            new CallOptions { CancellationToken = cancellation.Token });

        await server.Observer.WhenStarted(key);
        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
        Assert.Equal("cancelled", await server.Observer.WhenEnded(key));
    }

    [Fact]
    public async Task ServerStreaming_CancelAfterFirstResponse_ServerStopsCleanly()
    {
        var key = $"cancel-stream-{Guid.NewGuid():N}";
        var call = server.Channel.ServerStreaming(TestMethods.StreamUntilCancelled, new WaitRequest { Key = key });
        Assert.True(await call.ResponseStream.MoveNext());

        call.Dispose();

        Assert.Equal("cancelled", await server.Observer.WhenEnded(key));
    }

    [Fact]
    public async Task ClientStreaming_CancelBeforeAnyMessage_Cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        using var call = server.Channel.ClientStreaming(TestMethods.StreamingInputCall, new CallOptions { CancellationToken = cancellation.Token });

        await cancellation.CancelAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task Unary_GenerousDeadline_CompletesNormally()
    {
        var response = await server.Channel.UnaryAsync(TestMethods.UnaryCall, new SimpleRequest { ResponseSize = 5 },
            new CallOptions { Timeout = TimeSpan.FromMinutes(1) });

        Assert.Equal(5, response.Payload.Body.Length);
    }
}
