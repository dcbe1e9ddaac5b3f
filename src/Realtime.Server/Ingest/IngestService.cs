using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Grpc.Hosting;
using Realtime.Grpc.Server;
using Realtime.Server.Hosting;

namespace Realtime.Server.Ingest;

/// <summary>gRPC <c>realtime.v1.Ingest</c>: thin, the work is in <see cref="IngestPipeline"/>.</summary>
public sealed class IngestService(RealtimeEngine engine) : IGrpcService
{
    // Batches of one stream processed at once: enough for group commit to share fsyncs, few enough to bound memory.
    private const int MaxBatchesInFlightPerStream = 16;

    public Google.Protobuf.Reflection.ServiceDescriptor Descriptor => IngestReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Ingest");

    public void Bind(GrpcServiceBuilder builder) => builder
        .MapUnary<TrackRequest, TrackResponse>("Track", (request, context) => engine.Ingest.TrackAsync(request, context.CancellationToken))
        .MapDuplexStreaming<TrackRequest, TrackResponse>("TrackStream", TrackStreamAsync);

    /// <summary>
    /// Reads batches and answers each once it is durable, possibly out of order (the answer carries the batch id).
    /// A batch that cannot be made durable ends the stream with UNAVAILABLE: the sender resends what was not
    /// answered, and event ids make that safe.
    /// </summary>
    private async Task TrackStreamAsync(IAsyncStreamReader<TrackRequest> requests, IServerStreamWriter<TrackResponse> responses, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        var answers = System.Threading.Channels.Channel.CreateBounded<TrackResponse>(new System.Threading.Channels.BoundedChannelOptions(MaxBatchesInFlightPerStream) { SingleReader = true });
        using var inFlight = new SemaphoreSlim(MaxBatchesInFlightPerStream);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Exception? failure = null;
        var pending = new List<Task>();

        var writer = Task.Run(async () =>
        {
            await foreach (var answer in answers.Reader.ReadAllAsync(CancellationToken.None))
            {
                await responses.WriteAsync(answer, cancellation);
            }
        }, CancellationToken.None);

        async Task ProcessAsync(TrackRequest request)
        {
            try
            {
                var answer = await engine.Ingest.TrackAsync(request, failed.Token);
                await answers.Writer.WriteAsync(answer, failed.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref failure, ex, null);
                await failed.CancelAsync();
            }
            finally
            {
                inFlight.Release();
            }
        }

        try
        {
            while (!failed.IsCancellationRequested && await requests.MoveNext(failed.Token))
            {
                await inFlight.WaitAsync(failed.Token);
                pending.RemoveAll(static t => t.IsCompleted);
                pending.Add(ProcessAsync(requests.Current));
            }
        }
        catch (OperationCanceledException) when (failure is not null)
        {
            // A batch failed: its exception decides the status below.
        }

        await Task.WhenAll(pending);
        answers.Writer.TryComplete();
        await writer;
        if (failure is not null)
        {
            throw failure is RpcException rpc ? rpc : new RpcException(StatusCode.Unavailable, $"A batch could not be made durable: {failure.Message} Resend the batches not yet answered.");
        }
    }
}
