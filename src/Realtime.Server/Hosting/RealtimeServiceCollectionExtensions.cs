using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Realtime.Actors;
using Realtime.Grpc.Hosting;
using Realtime.Live;
using Realtime.Server.Live;
using Realtime.Server.Api;
using Realtime.Server.Customers;
using Realtime.Server.Ingest;
using Realtime.Server.Web;
using Realtime.Storage;

namespace Realtime.Server.Hosting;

public static class RealtimeServiceCollectionExtensions
{
    /// <summary>Registers the server's options, the engine (store, rules, actors) and the gRPC API.</summary>
    public static IHostApplicationBuilder AddRealtimeServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RealtimeOptions>, RealtimeOptionsValidator>();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<ActorRuntimeOptions>().BindConfiguration($"{RealtimeOptions.Section}:Actors");
        services.TryAddSingleton(TimeProvider.System);
        services.AddRealtimeLive();
        services.AddSingleton<ILiveSource, ServerLiveSource>();
        services.TryAddSingleton<ILiveChanges, LiveChanges>();

        services.AddSingleton<IngestMetrics>();
        services.AddSingleton<RealtimeEngine>();
        services.AddSingleton<CustomerQueries>();
        services.AddSingleton<RulesOperations>();
        services.AddHostedService(sp => sp.GetRequiredService<RealtimeEngine>());

        services.AddRealtimeGrpc()
            .AddService<IngestService>()
            .AddService<CustomersService>()
            .AddService<ContactPressureService>()
            .AddService<SegmentsService>()
            .AddService<RulesService>();
        return builder;
    }

    /// <summary>The web side (HTTP port): pages, their JSON endpoints, SignalR hubs, health.</summary>
    public static WebApplication MapRealtimeWeb(this WebApplication app)
    {
        app.UseRealtimePages();
        app.MapRealtimeWebApi();
        app.MapRealtimeLive();
        app.MapGet("/healthz", (RealtimeEngine engine) => engine.IsReady ? Results.Text("ok") : Results.Text("starting", statusCode: 503));
        return app;
    }
}
