using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Realtime.Grpc.Health;
using Realtime.Grpc.Server;

namespace Realtime.Grpc.Hosting;

public static class GrpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds the gRPC server (options, routing, the <c>grpc.health.v1.Health</c> service and its
    /// <see cref="HealthStatusRegistry"/>). Add services on the returned builder; serve them with <c>UseRealtimeGrpc</c>.
    /// </summary>
    public static GrpcServerBuilder AddRealtimeGrpc(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        var builder = new GrpcServerBuilder(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(GrpcCallRunner)))
        {
            return builder;
        }

        services.AddOptions<GrpcServerOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<HealthStatusRegistry>();
        services.AddSingleton(sp => new GrpcMethodTable(sp.GetServices<GrpcServiceRegistration>().Select(r => r.Build(sp))));
        services.AddSingleton<GrpcCallRunner>();
        return builder.AddService<HealthService>();
    }
}
