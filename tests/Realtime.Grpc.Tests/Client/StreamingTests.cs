using Google.Protobuf;
using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Hosting;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Client;

[Collection(GrpcServerCollection.Name)]
public sealed class StreamingTests(GrpcTestServer server)
{
    private static readonly int[] ResponseSizes = [31_415, 9, 2_653, 58_979];
    private static readonly int[] RequestSizes = [27_182, 8, 1_828, 45_904];

    [Fact]
    public async Task ServerStreaming_SendsEveryResponseInOrder()
    {
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.AddRange(ResponseSizes.Select(size => new ResponseParameters { Size = size }));

        using var call = server.Channel.ServerStreaming(TestMethods.StreamingOutputCall, request);
        var sizes = new List<int>();
        while (await call.ResponseStream.MoveNext())
        {
            sizes.Add(call.ResponseStream.Current.Payload.Body.Length);
        }

        Assert.Equal(ResponseSizes, sizes);
        Assert.Equal(StatusCode.OK, call.GetStatus(out _));
    }

    [Fact]
    public async Task ClientStreaming_AggregatesEveryRequest()
    {
        using var call = server.Channel.ClientStreaming(TestMethods.StreamingInputCall);
        foreach (var size in RequestSizes)
        {
            await call.RequestStream.WriteAsync(new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[size]) } });
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(74_922, response.AggregatedPayloadSize);
    }

    [Fact]
    public async Task ClientStreaming_KestrelBodySizeLimitIsLifted_MoreThan30MBInTotalCompletes()
    {
        using var call = server.Channel.ClientStreaming(TestMethods.StreamingInputCall);
        var chunk = new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[4_000_000]) } };
        for (var i = 0; i < 8; i++)
        {
            await call.RequestStream.WriteAsync(chunk);
        }

        await call.RequestStream.CompleteAsync();
        var response = await call;

        Assert.Equal(32_000_000, response.AggregatedPayloadSize);
        Assert.True(response.BodyLimitsLifted);
    }

    [Fact]
    public async Task ClientStreaming_NoMessages_Ok()
    {
        using var call = server.Channel.ClientStreaming(TestMethods.StreamingInputCall);
        await call.RequestStream.CompleteAsync();

        var response = await call;

        Assert.Equal(0, response.MessageCount);
    }

    [Fact]
    public async Task PingPong_EachReplyArrivesBeforeTheNextRequest()
    {
        using var call = server.Channel.DuplexStreaming(TestMethods.FullDuplexCall);
        for (var i = 0; i < ResponseSizes.Length; i++)
        {
            var request = new StreamingOutputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[RequestSizes[i]]) } };
            request.ResponseParameters.Add(new ResponseParameters { Size = ResponseSizes[i] });
            await call.RequestStream.WriteAsync(request);

            Assert.True(await call.ResponseStream.MoveNext());
            Assert.Equal(ResponseSizes[i], call.ResponseStream.Current.Payload.Body.Length);
        }

        await call.RequestStream.CompleteAsync();
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus(out _));
    }

    [Fact]
    public async Task Duplex_ConcurrentReadAndWrite_ManyMessages()
    {
        using var call = server.Channel.DuplexStreaming(TestMethods.FullDuplexCall);
        const int count = 500;
        var reader = Task.Run(async () =>
        {
            var received = 0;
            while (await call.ResponseStream.MoveNext())
            {
                received++;
            }

            return received;
        });
        var request = new StreamingOutputCallRequest();
        request.ResponseParameters.Add(new ResponseParameters { Size = 100 });
        for (var i = 0; i < count; i++)
        {
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();

        Assert.Equal(count, await reader);
    }

    [Fact]
    public async Task EmptyStream_HalfCloseAtOnce_OkWithNoResponses()
    {
        using var call = server.Channel.DuplexStreaming(TestMethods.FullDuplexCall);
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.OK, call.GetStatus(out _));
    }

    [Fact]
    public async Task HalfDuplex_AnswersAfterHalfClose()
    {
        using var call = server.Channel.DuplexStreaming(TestMethods.HalfDuplexCall);
        foreach (var size in ResponseSizes)
        {
            var request = new StreamingOutputCallRequest();
            request.ResponseParameters.Add(new ResponseParameters { Size = size });
            await call.RequestStream.WriteAsync(request);
        }

        await call.RequestStream.CompleteAsync();
        var sizes = new List<int>();
        while (await call.ResponseStream.MoveNext())
        {
            sizes.Add(call.ResponseStream.Current.Payload.Body.Length);
        }

        Assert.Equal(ResponseSizes, sizes);
    }

    [Fact]
    public async Task ServerStreaming_StatusAfterMessages_ComesInTrailersWithMetadata()
    {
        using var call = server.Channel.ServerStreaming(TestMethods.FailAfterMessages, new Empty());
        var received = 0;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext())
            {
                received++;
            }
        });

        Assert.Equal(3, received);
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Equal("stopped after three", error.Detail);
        Assert.Equal("test", error.Trailers.GetValue("reason"));
    }

    [Fact]
    public async Task ClientStreaming_ServerRejectsEarly_WritesAndResponseReportTheServersStatus()
    {
        var missing = new Method<StreamingInputCallRequest, StreamingInputCallResponse>(
            MethodType.ClientStreaming, "realtime.testing.v1.TestService", "Missing", StreamingInputCallResponse.Parser);
        using var call = server.Channel.ClientStreaming(missing);
        var chunk = new StreamingInputCallRequest { Payload = new Payload { Body = ByteString.CopyFrom(new byte[10_000]) } };

        var writeError = await Record.ExceptionAsync(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await call.RequestStream.WriteAsync(chunk);
            }

            await call.RequestStream.CompleteAsync();
        });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Equal("Method is unimplemented: realtime.testing.v1.TestService has no method 'Missing'.", error.Detail);
        if (writeError is not null)
        {
            Assert.True(writeError is RpcException { StatusCode: StatusCode.Unimplemented }, writeError.ToString());
        }
    }
}
