using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Grpc.Server;

namespace Realtime.Grpc.Hosting;

/// <summary>Registers gRPC services; returned by <c>AddRealtimeGrpc</c>.</summary>
public sealed class GrpcServerBuilder(IServiceCollection services)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Adds a service implementation, created once by DI (so it can take dependencies).</summary>
    public GrpcServerBuilder AddService<TService>()
        where TService : class, IGrpcService
    {
        Services.AddSingleton<TService>();
        Services.AddSingleton(new GrpcServiceRegistration(sp =>
        {
            var service = sp.GetRequiredService<TService>();
            var builder = new GrpcServiceBuilder(service.Descriptor);
            service.Bind(builder);
            return builder;
        }));
        return this;
    }

    /// <summary>
    /// Adds a protobuf service with handlers bound inline; without <paramref name="bind"/> every method answers
    /// UNIMPLEMENTED ("pkg.Service/Method is not implemented yet.").
    /// </summary>
    public GrpcServerBuilder AddService(ServiceDescriptor descriptor, Action<GrpcServiceBuilder, IServiceProvider>? bind = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Services.AddSingleton(new GrpcServiceRegistration(sp =>
        {
            var builder = new GrpcServiceBuilder(descriptor);
            bind?.Invoke(builder, sp);
            return builder;
        }));
        return this;
    }
}
