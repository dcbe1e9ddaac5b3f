using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Realtime.Grpc.Hosting;

public static class GrpcKestrelExtensions
{
    /// <summary>
    /// Makes a listener a gRPC endpoint: HTTP/2 only (cleartext HTTP/2 needs prior knowledge, which Kestrel offers only
    /// when HTTP/1.1 is off), and its connections are served by <c>UseRealtimeGrpc()</c>.
    /// </summary>
    public static ListenOptions UseGrpcEndpoint(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        listenOptions.Protocols = HttpProtocols.Http2;
        listenOptions.Use(next => connection =>
        {
            connection.Features.Set(GrpcEndpointMarker.Instance);
            return next(connection);
        });
        return listenOptions;
    }

    /// <summary>Listens for gRPC on <paramref name="address"/>:<paramref name="port"/> (0 = any free port).</summary>
    public static KestrelServerOptions ListenGrpc(this KestrelServerOptions options, IPAddress address, int port, Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Listen(address, port, listenOptions =>
        {
            listenOptions.UseGrpcEndpoint();
            configure?.Invoke(listenOptions);
        });
        return options;
    }
}
