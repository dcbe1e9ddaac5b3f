using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Realtime.Live.Hubs;

namespace Realtime.Live.Push;

/// <summary>
/// SignalR's default lifetime manager (groups, Clients.All...) plus a bounded writer per connection: the hub's own
/// sends go through the connection as usual, live pushes go through <see cref="LiveClient"/>.
/// </summary>
internal sealed class LiveConnectionTracker<THub> : DefaultHubLifetimeManager<THub>
    where THub : Hub
{
    private readonly ClientRegistry<THub> _registry;
    private readonly LiveFeed _feed;
    private readonly LiveMetrics _metrics;
    private readonly ILogger<LiveClient> _clientLogger;
    private readonly string _hub;
    private readonly int _capacity;

    public LiveConnectionTracker(
        ILogger<DefaultHubLifetimeManager<THub>> logger,
        ClientRegistry<THub> registry,
        LiveFeed feed,
        LiveMetrics metrics,
        IOptions<LiveOptions> options,
        ILogger<LiveClient> clientLogger)
        : base(logger)
    {
        _registry = registry;
        _feed = feed;
        _metrics = metrics;
        _clientLogger = clientLogger;
        _hub = LiveHubs.NameOf(typeof(THub));
        _capacity = _hub == LiveMetrics.PressureHub ? options.Value.PressureClientQueueCapacity : options.Value.DashboardClientQueueCapacity;
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        await base.OnConnectedAsync(connection);
        var client = new LiveClient(connection, _hub, _capacity, _metrics, _clientLogger);
        connection.Items[typeof(LiveClient)] = client;
        _registry.Add(client);
        _metrics.Connected(_hub);
        _ = client.WriteLoopAsync();
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        // A dropped client already left the registry; its watches and the gauge are released here, once.
        _registry.Remove(connection.ConnectionId);
        if (connection.Items.TryGetValue(typeof(LiveClient), out var item) && item is LiveClient client)
        {
            client.Complete();
            foreach (var customerId in client.TakeWatchedCustomers())
            {
                _feed.RemoveWatcher(customerId);
            }

            _metrics.Disconnected(_hub);
        }

        await base.OnDisconnectedAsync(connection);
    }
}
