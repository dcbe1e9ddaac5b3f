using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Client;

[Collection(GrpcServerCollection.Name)]
public sealed class StatusAndMetadataTests(GrpcTestServer server)
{
    private const string SpecialMessage = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";

    public static TheoryData<int> AllErrorCodes() => new(Enumerable.Range(1, 16));

    [Theory]
    [MemberData(nameof(AllErrorCodes))]
    public async Task Unary_EchoStatus_EveryCodeRoundTrips(int code)
    {
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = code, Message = $"status {code}" } };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(TestMethods.UnaryCall, request));

        Assert.Equal((StatusCode)code, error.StatusCode);
        Assert.Equal($"status {code}", error.Detail);
    }

    [Fact]
    public async Task Unary_SpecialStatusMessage_RoundTripsExactly()
    {
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = 2, Message = SpecialMessage } };

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(TestMethods.UnaryCall, request));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal(SpecialMessage, error.Detail);
    }

    [Fact]
    public async Task Duplex_EchoStatus_EndsTheCallWithIt()
    {
        using var call = server.Channel.DuplexStreaming(TestMethods.FullDuplexCall);
        await call.RequestStream.WriteAsync(new StreamingOutputCallRequest { ResponseStatus = new EchoStatus { Code = 2, Message = "test status message" } });

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().AsTask());

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal("test status message", error.Detail);
    }

    [Fact]
    public async Task Unary_CustomMetadata_EchoedInHeadersAndBinaryTrailers()
    {
        var headers = new Metadata()
            .Add(TestServiceImpl.EchoInitialKey, "test_initial_metadata_value")
            .Add(TestServiceImpl.EchoTrailingKey, [0xAB, 0xAB, 0xAB]);

        using var call = server.Channel.UnaryAsync(TestMethods.UnaryCall, new SimpleRequest { ResponseSize = 10 }, new CallOptions { Headers = headers });
        await call;

        Assert.Equal("test_initial_metadata_value", (await call.ResponseHeadersAsync).GetValue(TestServiceImpl.EchoInitialKey));
        Assert.Equal(new byte[] { 0xAB, 0xAB, 0xAB }, call.GetTrailers().GetValueBytes(TestServiceImpl.EchoTrailingKey));
    }

    [Fact]
    public async Task Duplex_CustomMetadata_EchoedInHeadersAndBinaryTrailers()
    {
        var headers = new Metadata()
            .Add(TestServiceImpl.EchoInitialKey, "duplex")
            .Add(TestServiceImpl.EchoTrailingKey, [1, 2, 3, 4]);

        using var call = server.Channel.DuplexStreaming(TestMethods.FullDuplexCall, new CallOptions { Headers = headers });
        Assert.Equal("duplex", (await call.ResponseHeadersAsync).GetValue(TestServiceImpl.EchoInitialKey));
        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, call.GetTrailers().GetValueBytes(TestServiceImpl.EchoTrailingKey));
    }

    [Fact]
    public async Task ErrorStatus_KeepsTrailingMetadata()
    {
        var headers = new Metadata().Add(TestServiceImpl.EchoTrailingKey, [9]);
        var request = new SimpleRequest { ResponseStatus = new EchoStatus { Code = (int)StatusCode.NotFound, Message = "gone" } };

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await server.Channel.UnaryAsync(TestMethods.UnaryCall, request, new CallOptions { Headers = headers }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal(new byte[] { 9 }, error.Trailers.GetValueBytes(TestServiceImpl.EchoTrailingKey));
    }

    [Fact]
    public async Task UnimplementedMethod_OfTheTestService()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(TestMethods.UnimplementedCall, new Empty()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal("realtime.testing.v1.TestService/UnimplementedCall is not implemented yet.", error.Detail);
    }

    [Fact]
    public async Task UnimplementedService()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(TestMethods.UnimplementedService, new Empty()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal("Service is unimplemented: 'realtime.testing.v1.UnimplementedService'.", error.Detail);
    }

    [Fact]
    public async Task HandlerException_IsUnknownWithAGenericMessage_LoggedOnce()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(TestMethods.Throw, new Empty()));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal("Exception was thrown by handler.", error.Detail);
        Assert.DoesNotContain("secret", error.Detail, StringComparison.Ordinal);
        Assert.Single(server.Logs.Entries, e => e.EventId.Name == "HandlerFailed" && e.Message.Contains("FaultService/Throw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HandlerException_WithDetailedErrors_CarriesTheExceptionText()
    {
        await using var detailed = await GrpcTestServer.StartAsync(o => o.EnableDetailedErrors = true);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await detailed.Channel.UnaryAsync(TestMethods.Throw, new Empty()));

        Assert.Equal(StatusCode.Unknown, error.StatusCode);
        Assert.Equal("Exception was thrown by handler. InvalidOperationException: secret detail", error.Detail);
    }

    [Fact]
    public async Task HandlerReturningNoMessage_IsNeverOk()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Channel.UnaryAsync(TestMethods.ReturnNothing, new Empty()));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal("The handler returned no response message.", error.Detail);
    }
}
