namespace Realtime.Grpc.Hosting;

/// <summary>One service registered in DI; built into the routing table when the server starts.</summary>
internal sealed class GrpcServiceRegistration(Func<IServiceProvider, Server.GrpcServiceBuilder> build)
{
    public Server.GrpcServiceBuilder Build(IServiceProvider services) => build(services);
}
