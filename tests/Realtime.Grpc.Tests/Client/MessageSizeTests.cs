using Google.Protobuf;
using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Client;

[Collection(GrpcServerCollection.Name)]
public sealed class MessageSizeTests(GrpcTestServer server)
{
    private const int Limit = 4 * 1024 * 1024;

    [Fact]
    public async Task Request_ExactlyAtTheLimit_Accepted()
    {
        var request = RequestOfSize(Limit);

        var response = await server.Channel.UnaryAsync(TestMethods.UnaryCall, request);

        Assert.Equal(request.Payload.Body.Length, response.ReceivedSize);
    }

    [Fact]
    public async Task Request_OneByteOverTheLimit_ResourceExhausted()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(TestMethods.UnaryCall, RequestOfSize(Limit + 1)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("Received message exceeds the maximum configured message size.", error.Detail);
    }

    [Fact]
    public async Task CompressedRequest_ExpandingPastTheLimit_ResourceExhausted()
    {
        // Zeros compress to a few KiB, so only the decompressed size can trip the limit.
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.Channel.UnaryAsync(TestMethods.UnaryCall, RequestOfSize(Limit + 1), new CallOptions { RequestCompression = "gzip" }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task Response_OverTheClientLimit_ResourceExhaustedAtTheClient()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.Channel.UnaryAsync(TestMethods.UnaryCall, new SimpleRequest { ResponseSize = Limit }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    [Fact]
    public async Task ServerSendLimit_ResourceExhausted()
    {
        await using var limited = await GrpcTestServer.StartAsync(o => o.MaxSendMessageSize = 1000);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await limited.Channel.UnaryAsync(TestMethods.UnaryCall, new SimpleRequest { ResponseSize = 2000 }));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("Sending message exceeds the maximum configured message size.", error.Detail);
    }

    [Fact]
    public async Task ConfiguredReceiveLimit_Applies()
    {
        await using var limited = await GrpcTestServer.StartAsync(o => o.MaxReceiveMessageSize = 100);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await limited.Channel.UnaryAsync(TestMethods.UnaryCall, RequestOfSize(101)));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
    }

    /// <summary>A request whose serialized size is exactly <paramref name="size"/> bytes.</summary>
    internal static SimpleRequest RequestOfSize(int size)
    {
        var body = size;
        SimpleRequest request;
        do
        {
            body--;
            request = new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[body]) } };
        }
        while (request.CalculateSize() > size);

        Assert.Equal(size, request.CalculateSize());
        return request;
    }
}
