using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Realtime.Live.Dashboard;
using Realtime.Live.Push;

namespace Realtime.Live.Hubs;

/// <summary>
/// Dashboards. A connection gets a <c>snapshot</c> at the next push, then an <c>update</c> at each push where
/// something changed, and a <c>customer</c> message when a customer it watches changed (docs/live-push.md).
/// </summary>
internal sealed class DashboardHub(ClientRegistry<DashboardHub> clients, LiveFeed feed, ILiveSource source, IOptions<LiveOptions> options) : Hub
{
    private const int MaxCustomerIdLength = 256;

    /// <summary>Asks for a fresh full snapshot at the next push (one is sent after connecting anyway).</summary>
    public void Subscribe() => clients.Get(Context.ConnectionId).NeedsSnapshot = true;

    /// <summary>Watches a customer: returns its view now, and pushes it again whenever it changes.</summary>
    public async Task<CustomerPayload> Watch(string customerId)
    {
        if (string.IsNullOrWhiteSpace(customerId) || customerId.Length > MaxCustomerIdLength)
        {
            throw new HubException($"customerId must be 1 to {MaxCustomerIdLength} characters.");
        }

        if (clients.Get(Context.ConnectionId).Watch(customerId, options.Value.MaxWatchesPerClient))
        {
            feed.AddWatcher(customerId);
        }

        return new CustomerPayload(customerId, await source.GetCustomerAsync(customerId, Context.ConnectionAborted));
    }

    /// <summary>Stops watching a customer (unknown ids are ignored).</summary>
    public void Unwatch(string customerId)
    {
        if (customerId is not null && clients.Get(Context.ConnectionId).Unwatch(customerId))
        {
            feed.RemoveWatcher(customerId);
        }
    }
}
