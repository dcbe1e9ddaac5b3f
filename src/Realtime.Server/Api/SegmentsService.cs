using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Grpc.Hosting;
using Realtime.Live;
using Realtime.Grpc.Server;
using Realtime.Server.Hosting;

namespace Realtime.Server.Api;

/// <summary>gRPC <c>realtime.v1.Segments</c>: statistics kept live from the change feed, never by scanning customers.</summary>
public sealed class SegmentsService(RealtimeEngine engine, LiveFeed live, TimeProvider clock) : IGrpcService
{
    public ServiceDescriptor Descriptor => SegmentsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Segments");

    public void Bind(GrpcServiceBuilder builder) => builder
        .MapUnary<ListSegmentsRequest, ListSegmentsResponse>("List", ListAsync)
        .MapServerStreaming<WatchSegmentsRequest, SegmentUpdate>("Watch", WatchAsync);

    /// <summary>
    /// A snapshot first, then coalesced statistics at each push interval (and membership changes when asked). A watcher
    /// that falls behind is ended with RESOURCE_EXHAUSTED rather than buffered without bound; it watches again and
    /// starts from a fresh snapshot.
    /// </summary>
    private async Task WatchAsync(WatchSegmentsRequest request, IServerStreamWriter<SegmentUpdate> responses, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        var updates = live.SubscribeSegments(request, cancellation);

        // Headers go out once the subscription exists: a client that has them misses no later change.
        await context.WriteResponseHeadersAsync(new Metadata());
        try
        {
            await foreach (var update in updates.ReadAllAsync(cancellation))
            {
                await responses.WriteAsync(update, cancellation);
            }
        }
        catch (LiveSubscriptionOverflowException ex)
        {
            throw new RpcException(StatusCode.ResourceExhausted, $"{ex.Message} Watch again to start from a fresh snapshot.");
        }
    }

    private ValueTask<ListSegmentsResponse> ListAsync(ListSegmentsRequest request, ServerCallContext context)
    {
        try
        {
            var windows = request.FlowWindows.Count > 0 ? request.FlowWindows : null;
            var snapshot = engine.Aggregates.Snapshot(clock.GetUtcNow(), windows);
            snapshot.RulesetVersion = engine.Rules.Current.Version;
            return ValueTask.FromResult(snapshot);
        }
        catch (ArgumentException ex)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"flow_windows: {ex.Message} (use durations like 5m, 1h, 1d).");
        }
    }
}
