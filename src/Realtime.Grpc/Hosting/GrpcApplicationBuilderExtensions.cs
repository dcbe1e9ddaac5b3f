using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Grpc.Server;

namespace Realtime.Grpc.Hosting;

public static class GrpcApplicationBuilderExtensions
{
    /// <summary>
    /// Serves gRPC on connections accepted by a gRPC endpoint (<see cref="GrpcKestrelExtensions.ListenGrpc"/> or
    /// <see cref="GrpcKestrelExtensions.UseGrpcEndpoint"/>); requests on other endpoints go on down the pipeline.
    /// </summary>
    public static IApplicationBuilder UseRealtimeGrpc(this IApplicationBuilder app) =>
        app.UseRealtimeGrpc(static http => http.Features.Get<GrpcEndpointMarker>() is not null);

    /// <summary>Serves gRPC for the requests <paramref name="predicate"/> accepts (e.g. by <c>Connection.LocalPort</c>).</summary>
    public static IApplicationBuilder UseRealtimeGrpc(this IApplicationBuilder app, Func<HttpContext, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(app);
        var runner = app.ApplicationServices.GetRequiredService<GrpcCallRunner>();
        return app.Use(next => http => predicate(http) ? runner.HandleAsync(http) : next(http));
    }

    /// <summary>Serves every request that reaches it as a gRPC call (terminal).</summary>
    public static void RunRealtimeGrpc(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var runner = app.ApplicationServices.GetRequiredService<GrpcCallRunner>();
        app.Run(runner.HandleAsync);
    }
}
