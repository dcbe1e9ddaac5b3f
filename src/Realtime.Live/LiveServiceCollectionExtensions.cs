using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Live.Dashboard;
using Realtime.Live.Hubs;
using Realtime.Live.Pressure;
using Realtime.Live.Push;

namespace Realtime.Live;

/// <summary>Registration of the live push. The server also registers its <see cref="ILiveSource"/> and a <see cref="TimeProvider"/>.</summary>
public static class LiveServiceCollectionExtensions
{
    /// <summary>
    /// Adds SignalR, the dashboard and pressure hubs' services, <see cref="LiveFeed"/> (singleton) and the two push
    /// loops (hosted services). Options come from the <c>Realtime:Live</c> section, then <paramref name="configure"/>;
    /// they are validated at start. Uses the registered <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/>
    /// when none is). Map the hubs with <see cref="LiveEndpointRouteBuilderExtensions.MapRealtimeLive"/>.
    /// </summary>
    public static IServiceCollection AddRealtimeLive(this IServiceCollection services, Action<LiveOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.SectionName).ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiveOptions>, LiveOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSignalR();

        services.TryAddSingleton<LiveMetrics>();
        services.TryAddSingleton(sp => new LiveFeed(
            sp.GetRequiredService<IOptions<LiveOptions>>(),
            sp.GetRequiredService<LiveMetrics>(),
            sp.GetRequiredService<ILogger<LiveFeed>>()));
        services.TryAddSingleton<ClientRegistry<DashboardHub>>();
        services.TryAddSingleton(CreatePressureRegistry);

        // Closed registrations win over SignalR's open-generic default lifetime manager.
        services.AddSingleton<HubLifetimeManager<DashboardHub>, LiveConnectionTracker<DashboardHub>>();
        services.AddSingleton<HubLifetimeManager<PressureHub>, LiveConnectionTracker<PressureHub>>();
        services.AddSingleton<IConfigureOptions<HubOptions<DashboardHub>>, LiveHubOptionsSetup<DashboardHub>>();
        services.AddSingleton<IConfigureOptions<HubOptions<PressureHub>>, LiveHubOptionsSetup<PressureHub>>();

        services.AddHostedService<DashboardBroadcaster>();
        services.AddHostedService<PressureBroadcaster>();
        return services;
    }

    // The feed skips pressure changes outright while no one subscribes.
    private static ClientRegistry<PressureHub> CreatePressureRegistry(IServiceProvider services)
    {
        var registry = new ClientRegistry<PressureHub>();
        var feed = services.GetRequiredService<LiveFeed>();
        var gate = new Lock();
        registry.Changed += () =>
        {
            lock (gate)
            {
                feed.SetPressureListeners(registry.All().Count(c => c.ChannelMask != 0));
            }
        };
        return registry;
    }
}
