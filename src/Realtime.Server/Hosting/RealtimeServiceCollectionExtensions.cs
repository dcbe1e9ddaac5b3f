using Realtime.Contracts.V1;
using Realtime.Grpc.Hosting;

namespace Realtime.Server.Hosting;

public static class RealtimeServiceCollectionExtensions
{
    /// <summary>Registers the server's options, the gRPC API and its dependencies.</summary>
    public static IHostApplicationBuilder AddRealtimeServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        services.AddRealtimeGrpc()
            .AddService(IngestReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Ingest"))
            .AddService(CustomersReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Customers"))
            .AddService(PressureReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("ContactPressure"))
            .AddService(SegmentsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Segments"))
            .AddService(RulesReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.ServiceDescriptor>("Rules"));
        return builder;
    }

    /// <summary>The web side (HTTP port): a plain answer at / until the dashboard lands.</summary>
    public static WebApplication MapRealtimeWeb(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        return app;
    }
}
