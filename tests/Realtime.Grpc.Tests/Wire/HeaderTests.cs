using System.IO.Compression;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Wire;

[Collection(GrpcServerCollection.Name)]
public sealed class HeaderTests(GrpcTestServer server)
{
    private const string EmptyCallPath = "/realtime.testing.v1.TestService/EmptyCall";
    private const string UnaryCallPath = "/realtime.testing.v1.TestService/UnaryCall";
    private static readonly byte[] EmptyMessage = RawGrpc.Frame(new Empty());

    [Theory]
    [InlineData("1S")]
    [InlineData("100m")]
    [InlineData("5000u")]
    [InlineData("1000000n")]
    [InlineData("1H")]
    [InlineData("99999999S")]
    [InlineData("2M")]
    public async Task ValidTimeouts_Accepted(string timeout)
    {
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, EmptyMessage, headers: ("grpc-timeout", timeout)));

        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
    }

    [Theory]
    [InlineData("999999999S")]
    [InlineData("10x")]
    [InlineData("-5S")]
    [InlineData("S")]
    [InlineData("1.5S")]
    [InlineData("10")]
    public async Task InvalidTimeout_RejectedWithInternal(string timeout)
    {
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, EmptyMessage, headers: ("grpc-timeout", timeout)));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(13, response.GrpcStatus);
        Assert.Equal($"Invalid grpc-timeout header value '{timeout}'.", response.GrpcMessage);
    }

    [Fact]
    public async Task ZeroTimeout_AlreadyExpired()
    {
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, EmptyMessage, headers: ("grpc-timeout", "0m")));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(4, response.GrpcStatus);
        Assert.Equal("Deadline Exceeded", response.GrpcMessage);
    }

    [Fact]
    public async Task ServerDeadline_TrailersOnlyDeadlineExceeded_HandlerCancelledByTheDeadline()
    {
        var key = $"raw-deadline-{Guid.NewGuid():N}";

        // No local deadline here: only the server's timer can end this call.
        var response = await RawGrpc.SendAsync(server.Raw,
            RawGrpc.Request("/realtime.testing.v1.TestService/WaitForCancellation", RawGrpc.Frame(new WaitRequest { Key = key }), headers: ("grpc-timeout", "1000m")));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(4, response.GrpcStatus);
        Assert.Equal("Deadline Exceeded", response.GrpcMessage);
        Assert.Equal("deadline", await server.Observer.WhenEnded(key));
    }

    [Fact]
    public async Task Deadline_EndsTheCallWithoutWaitingForTheHandler_LaterWritesAreDropped()
    {
        var key = $"late-write-{Guid.NewGuid():N}";

        var response = await RawGrpc.SendAsync(server.Raw,
            RawGrpc.Request("/realtime.testing.v1.FaultService/WriteWhenReleased", RawGrpc.Frame(new WaitRequest { Key = key }), headers: ("grpc-timeout", "1000m")));

        // The handler is still parked, yet the client already has its status.
        Assert.True(response.IsTrailersOnly);
        Assert.Equal(4, response.GrpcStatus);
        await server.Observer.WhenStarted(key);
        server.Observer.Release(key);
        Assert.Equal("write cancelled", await server.Observer.WhenEnded(key));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("deflate")]
    [InlineData("snappy")]
    public async Task UnsupportedEncoding_UnimplementedWithAcceptEncoding(string encoding)
    {
        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(EmptyCallPath, EmptyMessage, headers: ("grpc-encoding", encoding)));

        Assert.True(response.IsTrailersOnly);
        Assert.Equal(12, response.GrpcStatus);
        Assert.Equal($"Unsupported grpc-encoding value '{encoding}'. Supported encodings: identity, gzip", response.GrpcMessage);
        var accepted = response.Headers.GetValues("grpc-accept-encoding").Single().Split(',');
        Assert.Equal(["identity", "gzip"], accepted);
        Assert.DoesNotContain(encoding, accepted);
    }

    [Theory]
    [InlineData("q6ur", new byte[] { 0xAB, 0xAB, 0xAB })]
    [InlineData("AQ", new byte[] { 1 })]
    [InlineData("AQ==", new byte[] { 1 })]
    public async Task BinaryMetadata_PaddedOrNot_DecodedAndEchoedUnpadded(string sent, byte[] bytes)
    {
        var response = await RawGrpc.SendAsync(server.Raw,
            RawGrpc.Request(UnaryCallPath, RawGrpc.Frame(new SimpleRequest()), headers: (TestServiceImpl.EchoTrailingKey, sent)));

        Assert.Equal(Convert.ToBase64String(bytes).TrimEnd('='), response.Trailers.GetValues(TestServiceImpl.EchoTrailingKey).Single());
    }

    [Fact]
    public async Task BinaryMetadata_CommaJoinedValues_SplitBeforeDecoding()
    {
        var response = await RawGrpc.SendAsync(server.Raw,
            RawGrpc.Request(UnaryCallPath, RawGrpc.Frame(new SimpleRequest()), headers: (TestServiceImpl.EchoTrailingKey, "AQ,Ag")));

        Assert.Equal(["AQ", "Ag"], response.Trailers.GetValues(TestServiceImpl.EchoTrailingKey));
    }

    [Fact]
    public async Task TextMetadata_SurroundingWhitespaceStripped_AndEchoable()
    {
        var response = await RawGrpc.SendAsync(server.Raw,
            RawGrpc.Request(UnaryCallPath, RawGrpc.Frame(new SimpleRequest()), headers: (TestServiceImpl.EchoInitialKey, "  a value; with = punctuation!~  ")));

        Assert.Equal("a value; with = punctuation!~", response.Headers.GetValues(TestServiceImpl.EchoInitialKey).Single());
        Assert.Equal("0", response.Trailers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task StatusMessage_PercentEncodedOnTheWire()
    {
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n" } };

        var response = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(UnaryCallPath, RawGrpc.Frame(request)));

        Assert.Equal("%09%0Atest with whitespace%0D%0Aand Unicode BMP %E2%98%BA and non-BMP %F0%9F%98%88%09%0A", response.GrpcMessage);
    }

    [Fact]
    public async Task ResponseCompression_OnlyWhenTheClientAcceptsGzip()
    {
        var request = RawGrpc.Frame(new SimpleRequest { ResponseCompressed = true, ResponseSize = 10_000 });

        var accepted = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(UnaryCallPath, request, headers: ("grpc-accept-encoding", "identity,gzip")));
        var refused = await RawGrpc.SendAsync(server.Raw, RawGrpc.Request(UnaryCallPath, request, headers: ("grpc-accept-encoding", "identity")));

        Assert.Equal("gzip", accepted.Headers.GetValues("grpc-encoding").Single());
        Assert.Equal(1, accepted.Body[0]);
        using var gzip = new GZipStream(new MemoryStream(accepted.Body, 5, accepted.Body.Length - 5), CompressionMode.Decompress);
        Assert.Equal(10_000, SimpleResponse.Parser.ParseFrom(gzip).Payload.Body.Length);

        Assert.False(refused.Headers.Contains("grpc-encoding"));
        Assert.Equal(0, refused.Body[0]);
    }
}
