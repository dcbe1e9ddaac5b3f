using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Realtime.Contracts.V1;
using Realtime.Grpc.Hosting;
using Realtime.Grpc.Server;
using Realtime.Server.Hosting;

namespace Realtime.Server.Api;

/// <summary>gRPC <c>realtime.v1.Segments</c>: statistics kept live from the change feed, never by scanning customers.</summary>
public sealed class SegmentsService(RealtimeEngine engine, TimeProvider clock) : IGrpcService
{
    public ServiceDescriptor Descriptor => SegmentsReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Segments");

    public void Bind(GrpcServiceBuilder builder) => builder
        .MapUnary<ListSegmentsRequest, ListSegmentsResponse>("List", ListAsync);

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
            throw new Grpc.RpcException(Grpc.StatusCode.InvalidArgument, $"flow_windows: {ex.Message} (use durations like 5m, 1h, 1d).");
        }
    }
}
