using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Realtime.Live.Hubs;

namespace Realtime.Live;

/// <summary>Maps the live hubs.</summary>
public static class LiveEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard hub (<see cref="LiveOptions.DashboardPath"/>, default <c>/hubs/dashboard</c>) and the pressure
    /// hub (<see cref="LiveOptions.PressurePath"/>, default <c>/hubs/pressure</c>). Map them on an HTTP/1.1 endpoint:
    /// WebSockets cannot run on an HTTP/2-only (h2c) port. The returned builder applies conventions to both hubs
    /// (e.g. <c>.RequireHost("*:8080")</c>, <c>.RequireAuthorization()</c>).
    /// </summary>
    public static IEndpointConventionBuilder MapRealtimeLive(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<LiveOptions>>().Value;
        var dashboard = endpoints.MapHub<DashboardHub>(options.DashboardPath, ConfigureConnections);
        var pressure = endpoints.MapHub<PressureHub>(options.PressurePath, ConfigureConnections);
        return new BothHubs(dashboard, pressure);
    }

    // Bounded transport buffers (SignalR's defaults, stated): a client that does not read stalls its own writer only.
    private static void ConfigureConnections(HttpConnectionDispatcherOptions connections)
    {
        connections.Transports = HttpTransportType.WebSockets | HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
        connections.ApplicationMaxBufferSize = 64 * 1024;
        connections.TransportMaxBufferSize = 64 * 1024;
        // A dropped client that stopped reading cannot take the close frame: do not hold its buffers for long.
        connections.WebSockets.CloseTimeout = TimeSpan.FromSeconds(1);
    }

    private sealed class BothHubs(IEndpointConventionBuilder first, IEndpointConventionBuilder second) : IEndpointConventionBuilder
    {
        public void Add(Action<EndpointBuilder> convention)
        {
            first.Add(convention);
            second.Add(convention);
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            first.Finally(finallyConvention);
            second.Finally(finallyConvention);
        }
    }
}
