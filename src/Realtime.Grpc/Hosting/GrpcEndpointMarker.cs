namespace Realtime.Grpc.Hosting;

/// <summary>Connection feature set on connections accepted by a gRPC listener (<c>UseGrpcEndpoint</c>).</summary>
internal sealed class GrpcEndpointMarker
{
    public static readonly GrpcEndpointMarker Instance = new();
}
