namespace Realtime.Live.Hubs;

/// <summary>Short hub names, used in metrics tags and logs.</summary>
internal static class LiveHubs
{
    public static string NameOf(Type hub) => hub == typeof(PressureHub) ? LiveMetrics.PressureHub : LiveMetrics.DashboardHub;
}
