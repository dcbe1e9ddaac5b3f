using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Realtime.Grpc.Hosting;
using Realtime.Grpc.Server;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Hosting;

/// <summary>The interop-style test service (Protos/interop.proto), following grpc's interop server behaviours.</summary>
public sealed class TestServiceImpl(CancellationObserver observer) : IGrpcService
{
    public const string EchoInitialKey = "x-grpc-test-echo-initial";
    public const string EchoTrailingKey = "x-grpc-test-echo-trailing-bin";

    public ServiceDescriptor Descriptor => InteropReflection.Descriptor.FindTypeByName<ServiceDescriptor>("TestService");

    public void Bind(GrpcServiceBuilder builder) => builder
        .MapUnary<Empty, Empty>("EmptyCall", (_, _) => ValueTask.FromResult(new Empty()))
        .MapUnary<SimpleRequest, SimpleResponse>("UnaryCall", UnaryCall)
        .MapServerStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("StreamingOutputCall", StreamingOutputCall)
        .MapClientStreaming<StreamingInputCallRequest, StreamingInputCallResponse>("StreamingInputCall", StreamingInputCall)
        .MapDuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("FullDuplexCall", FullDuplexCall)
        .MapDuplexStreaming<StreamingOutputCallRequest, StreamingOutputCallResponse>("HalfDuplexCall", HalfDuplexCall)
        .MapUnary<WaitRequest, WaitResponse>("WaitForCancellation", WaitForCancellation)
        .MapServerStreaming<WaitRequest, StreamingOutputCallResponse>("StreamUntilCancelled", StreamUntilCancelled);

    private static async ValueTask<SimpleResponse> UnaryCall(SimpleRequest request, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        EnsureCompression(request.ExpectCompressed, context);
        if (request.ResponseStatus is { Code: not 0 } status)
        {
            throw new RpcException((StatusCode)status.Code, status.Message);
        }

        if (request.ResponseCompressed)
        {
            context.ResponseCompression = "gzip";
        }

        return new SimpleResponse
        {
            Payload = NewPayload(request.ResponseSize),
            ReceivedSize = request.Payload?.Body.Length ?? 0,
        };
    }

    private static async Task StreamingOutputCall(
        StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> stream, ServerCallContext context)
    {
        if (request.ResponseCompressed)
        {
            context.ResponseCompression = "gzip";
        }

        await WriteResponsesAsync(request, stream, context);
        if (request.ResponseStatus is { Code: not 0 } status)
        {
            throw new RpcException((StatusCode)status.Code, status.Message);
        }
    }

    private static async ValueTask<StreamingInputCallResponse> StreamingInputCall(
        IAsyncStreamReader<StreamingInputCallRequest> requests, ServerCallContext context)
    {
        var total = 0;
        var count = 0;
        while (await requests.MoveNext(context.CancellationToken))
        {
            EnsureCompression(requests.Current.ExpectCompressed, context);
            total += requests.Current.Payload?.Body.Length ?? 0;
            count++;
        }

        // Kestrel's HTTP/2 streams only allow setting MinDataRate to null, not reading it: the size limit is what shows.
        var lifted = context.GetHttpContext().Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is null;
        return new StreamingInputCallResponse { AggregatedPayloadSize = total, BodyLimitsLifted = lifted, MessageCount = count };
    }

    private static async Task FullDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> stream, ServerCallContext context)
    {
        await EchoMetadataAsync(context);
        while (await requests.MoveNext(context.CancellationToken))
        {
            var request = requests.Current;
            if (request.ResponseStatus is { Code: not 0 } status)
            {
                throw new RpcException((StatusCode)status.Code, status.Message);
            }

            if (request.ResponseCompressed)
            {
                context.ResponseCompression = "gzip";
            }

            await WriteResponsesAsync(request, stream, context);
        }
    }

    private static async Task HalfDuplexCall(
        IAsyncStreamReader<StreamingOutputCallRequest> requests, IServerStreamWriter<StreamingOutputCallResponse> stream, ServerCallContext context)
    {
        var buffered = new List<StreamingOutputCallRequest>();
        while (await requests.MoveNext(context.CancellationToken))
        {
            buffered.Add(requests.Current);
        }

        foreach (var request in buffered)
        {
            await WriteResponsesAsync(request, stream, context);
        }
    }

    private async ValueTask<WaitResponse> WaitForCancellation(WaitRequest request, ServerCallContext context)
    {
        await WaitUntilCancelledAsync(request.Key, context);
        return new WaitResponse();
    }

    private async Task StreamUntilCancelled(WaitRequest request, IServerStreamWriter<StreamingOutputCallResponse> stream, ServerCallContext context)
    {
        await stream.WriteAsync(new StreamingOutputCallResponse { Payload = NewPayload(10) });
        await WaitUntilCancelledAsync(request.Key, context);
    }

    private async Task WaitUntilCancelledAsync(string key, ServerCallContext context)
    {
        observer.Started(key);
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Client cancel (RST_STREAM) aborts the request; a deadline alone does not.
            observer.Ended(key, context.GetHttpContext().RequestAborted.IsCancellationRequested ? "cancelled" : "deadline");
            throw;
        }
    }

    private static async Task WriteResponsesAsync(
        StreamingOutputCallRequest request, IServerStreamWriter<StreamingOutputCallResponse> stream, ServerCallContext context)
    {
        foreach (var parameters in request.ResponseParameters)
        {
            stream.WriteOptions = parameters.Compressed || !request.ResponseCompressed ? null : new WriteOptions(WriteFlags.NoCompress);
            await stream.WriteAsync(new StreamingOutputCallResponse { Payload = NewPayload(parameters.Size) }, context.CancellationToken);
        }
    }

    private static async Task EchoMetadataAsync(ServerCallContext context)
    {
        if (context.RequestHeaders.Get(EchoInitialKey) is { } initial)
        {
            await context.WriteResponseHeadersAsync(new Metadata().Add(initial));
        }

        foreach (var trailing in context.RequestHeaders.GetAll(EchoTrailingKey))
        {
            context.ResponseTrailers.Add(trailing);
        }
    }

    private static void EnsureCompression(bool expectCompressed, ServerCallContext context)
    {
        if (expectCompressed && !context.RequestMessageCompressed)
        {
            throw new RpcException(StatusCode.InvalidArgument, "Expected a compressed request message.");
        }
    }

    private static Payload NewPayload(int size) => new() { Body = ByteString.CopyFrom(new byte[size]) };
}
