using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using Google.Protobuf;
using Realtime.Grpc.Tests.Client;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Wire;

[Collection(GrpcServerCollection.Name)]
public sealed class FramingTests(GrpcTestServer server)
{
    private const string EmptyCallPath = "/realtime.testing.v1.TestService/EmptyCall";
    private const string UnaryCallPath = "/realtime.testing.v1.TestService/UnaryCall";
    private const string StreamingInputPath = "/realtime.testing.v1.TestService/StreamingInputCall";

    [Fact]
    public async Task ZeroLengthMessage_RoundTrips_OkInTrailers_NoContentLength()
    {
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, [0, 0, 0, 0, 0]));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0 }, response.Body);
        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
        Assert.False(response.Headers.Contains("grpc-status"));
        Assert.Null(response.ContentLengthHeader);
        Assert.Equal("application/grpc", response.ContentHeaders.ContentType?.MediaType);
    }

    [Fact]
    public async Task RequestWrittenOneBytePerFrame_IsReassembled()
    {
        var request = new SimpleRequest { ResponseSize = 7, Payload = new Payload { Body = ByteString.CopyFrom(new byte[300]) } };

        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(UnaryCallPath, new ChunkedContent(RawGrpc.Frame(request), 1)));

        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
        var reply = SimpleResponse.Parser.ParseFrom(response.Body.AsSpan(5));
        Assert.Equal(300, reply.ReceivedSize);
        Assert.Equal(7, reply.Payload.Body.Length);
    }

    [Fact]
    public async Task ThreeMessagesInOneWrite_AllRead()
    {
        var body = Enumerable.Range(1, 3)
            .SelectMany(i => RawGrpc.Frame(new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[i * 10]) } }))
            .ToArray();

        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(StreamingInputPath, body));

        var reply = StreamingInputCallResponse.Parser.ParseFrom(response.Body.AsSpan(5));
        Assert.Equal(60, reply.AggregatedPayloadSize);
        Assert.Equal(3, reply.MessageCount);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0 }, "Incomplete message: the stream ended inside a message.")]
    [InlineData(new byte[] { 0, 0, 0, 0, 10, 1, 2, 3 }, "Incomplete message: the stream ended inside a message.")]
    [InlineData(new byte[] { 2, 0, 0, 0, 0 }, "Invalid compressed flag 2: it must be 0 or 1.")]
    [InlineData(new byte[] { 1, 0, 0, 0, 1, 0 }, "The message is compressed (flag 1) but grpc-encoding is absent or identity.")]
    [InlineData(new byte[] { 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF }, "Failed to deserialize the message as SimpleRequest.")]
    public async Task MalformedRequest_Internal(byte[] body, string message)
    {
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(UnaryCallPath, body));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.True(response.IsTrailersOnly);
        Assert.Equal(13, response.GrpcStatus);
        Assert.Equal(message, response.GrpcMessage);
    }

    [Fact]
    public async Task GzipEncoding_CorruptPayload_Internal()
    {
        var response = await RawGrpc.SendAsync(server.Raw,
            RawGrpc.Request(UnaryCallPath, RawGrpc.Frame([1, 2, 3, 4, 5, 6, 7, 8], flag: 1), headers: ("grpc-encoding", "gzip")));

        Assert.Equal(13, response.GrpcStatus);
        Assert.Equal("Failed to decompress the message with gzip.", response.GrpcMessage);
    }

    [Fact]
    public async Task GzipEncoding_UncompressedFlag_IsLegal()
    {
        var response = await RawGrpc.SendAsync(server.Raw,
            RawGrpc.Request(EmptyCallPath, RawGrpc.Frame(new Empty()), headers: ("grpc-encoding", "gzip")));

        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task GzipEncoding_CompressedMessage_Accepted()
    {
        var request = new SimpleRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[1000]) }, ExpectCompressed = true };
        var response = await RawGrpc.SendAsync(server.Raw,
            RawGrpc.Request(UnaryCallPath, RawGrpc.Frame(Gzip(request.ToByteArray()), flag: 1), headers: ("grpc-encoding", "gzip")));

        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
        Assert.Equal(1000, SimpleResponse.Parser.ParseFrom(response.Body.AsSpan(5)).ReceivedSize);
    }

    [Theory]
    [InlineData(0, "The request has no message; this method takes exactly one.")]
    [InlineData(2, "The request has more than one message; this method takes exactly one.")]
    public async Task Unary_WrongRequestCardinality_Internal(int messages, string message)
    {
        var body = Enumerable.Repeat(RawGrpc.Frame(new Empty()), messages).SelectMany(b => b).ToArray();

        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, body));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(13, response.GrpcStatus);
        Assert.Equal(message, response.GrpcMessage);
    }

    [Fact]
    public async Task ServerStreaming_TwoRequests_Internal()
    {
        var body = RawGrpc.Frame(new StreamingOutputCallRequest()).Concat(RawGrpc.Frame(new StreamingOutputCallRequest())).ToArray();

        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request("/realtime.testing.v1.TestService/StreamingOutputCall", body));

        Assert.Equal(13, response.GrpcStatus);
    }

    [Fact]
    public async Task OversizeMessage_RejectedFromThePrefix_BeforeThePayloadIsSent()
    {
        var prefix = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), 4 * 1024 * 1024 + 1);
        var content = new HeldOpenContent(prefix);
        using var request = RawGrpc.Request(UnaryCallPath, content);

        // The body never goes past the prefix, so an answer proves the server did not wait to buffer the payload.
        using var response = await server.Raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        content.Release();

        Assert.Equal("8", response.Headers.GetValues("grpc-status").Single());
        Assert.Equal("Received message exceeds the maximum configured message size.", response.Headers.GetValues("grpc-message").Single());
    }

    [Fact]
    public async Task DeclaredLengthBeyondInt32_ResourceExhausted()
    {
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(UnaryCallPath, [0, 0xFF, 0xFF, 0xFF, 0xFF]));

        Assert.Equal(8, response.GrpcStatus);
    }

    [Fact]
    public async Task CompressedBomb_LimitAppliesToTheDecompressedSize()
    {
        var request = MessageSizeTests.RequestOfSize(5 * 1024 * 1024);
        var compressed = Gzip(request.ToByteArray());
        Assert.True(compressed.Length < 100_000);

        var response = await RawGrpc.SendAsync(server.Raw,
            RawGrpc.Request(UnaryCallPath, RawGrpc.Frame(compressed, flag: 1), headers: ("grpc-encoding", "gzip")));

        Assert.Equal(8, response.GrpcStatus);
        Assert.Equal("Received message exceeds the maximum configured message size.", response.GrpcMessage);
    }

    [Fact]
    public async Task ServerKeepsServing_AfterMalformedCalls()
    {
        await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(UnaryCallPath, [7, 7, 7, 7, 7, 7]));
        await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(UnaryCallPath, [0, 0, 0, 0, 9, 1]));

        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, [0, 0, 0, 0, 0]));

        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
    }

    internal static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }
}
