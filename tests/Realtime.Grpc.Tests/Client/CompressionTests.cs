using Google.Protobuf;
using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Client;

[Collection(GrpcServerCollection.Name)]
public sealed class CompressionTests(GrpcTestServer server)
{
    private static readonly CallOptions Gzip = new() { RequestCompression = "gzip" };

    [Fact]
    public async Task ClientCompressedUnary_ExpectCompressed_Ok()
    {
        var request = new SimpleRequest { ExpectCompressed = true, ResponseSize = 314_159, Payload = NewPayload(271_828) };

        var response = await server.Channel.UnaryAsync(TestMethods.UnaryCall, request, Gzip);

        Assert.Equal(314_159, response.Payload.Body.Length);
        Assert.Equal(271_828, response.ReceivedSize);
    }

    [Fact]
    public async Task ClientCompressedUnary_ProbeUncompressedButExpected_InvalidArgument()
    {
        var request = new SimpleRequest { ExpectCompressed = true, ResponseSize = 10 };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(TestMethods.UnaryCall, request));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("Expected a compressed request message.", error.Detail);
    }

    [Fact]
    public async Task ClientCompressedStreaming_CompressedThenUncompressedInOneStream()
    {
        using var call = server.Channel.ClientStreaming(TestMethods.StreamingInputCall, Gzip);
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = true, Payload = NewPayload(27_182) });
        call.RequestStream.WriteOptions = new WriteOptions(WriteFlags.NoCompress);
        await call.RequestStream.WriteAsync(new StreamingInputCallRequest { ExpectCompressed = false, Payload = NewPayload(45_904) });
        await call.RequestStream.CompleteAsync();

        Assert.Equal(73_086, (await call).AggregatedPayloadSize);
    }

    [Fact]
    public async Task ServerCompressedUnary_ResponseDecompressedByTheClient()
    {
        var response = await server.Channel.UnaryAsync(TestMethods.UnaryCall, new SimpleRequest { ResponseCompressed = true, ResponseSize = 314_159 });

        Assert.Equal(314_159, response.Payload.Body.Length);
    }

    [Fact]
    public async Task ServerCompressedStreaming_MixedFlagsInOneStream()
    {
        var request = new StreamingOutputCallRequest { ResponseCompressed = true };
        request.ResponseParameters.Add(new ResponseParameters { Size = 31_415, Compressed = true });
        request.ResponseParameters.Add(new ResponseParameters { Size = 92_653, Compressed = false });

        using var call = server.Channel.ServerStreaming(TestMethods.StreamingOutputCall, request);
        var sizes = new List<int>();
        while (await call.ResponseStream.MoveNext())
        {
            sizes.Add(call.ResponseStream.Current.Payload.Body.Length);
        }

        Assert.Equal([31_415, 92_653], sizes);
    }

    private static Payload NewPayload(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };
}
