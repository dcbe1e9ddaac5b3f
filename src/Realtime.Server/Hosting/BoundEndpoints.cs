using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Realtime.Server.Hosting;

/// <summary>The server's two listeners; after start their ports are the bound ones (useful with port 0).</summary>
public sealed class BoundEndpoints
{
    internal ListenOptions? Grpc { get; set; }

    internal ListenOptions? Http { get; set; }

    public int GrpcPort => (Grpc?.EndPoint as IPEndPoint)?.Port ?? throw new InvalidOperationException("The gRPC listener is not configured.");

    public int HttpPort => (Http?.EndPoint as IPEndPoint)?.Port ?? throw new InvalidOperationException("The HTTP listener is not configured.");
}
