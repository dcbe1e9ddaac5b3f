using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Live.Hubs;
using Realtime.Live.Push;

namespace Realtime.Live.Dashboard;

/// <summary>
/// The dashboard push: every <see cref="LiveOptions.PushInterval"/>, one capture of the source, one diff, one
/// serialization of whatever changed, the same bytes queued to every client; then the changed, watched customers.
/// Also feeds the <see cref="LiveFeed.SubscribeSegments"/> readers from the same diff.
/// </summary>
internal sealed class DashboardBroadcaster(
    ILiveSource source,
    LiveFeed feed,
    ClientRegistry<DashboardHub> clients,
    LiveMetrics metrics,
    TimeProvider time,
    IOptions<LiveOptions> options,
    ILogger<DashboardBroadcaster> logger) : PeriodicPushService(time, options.Value.PushInterval, LiveMetrics.DashboardHub, logger)
{
    private readonly LiveOptions _options = options.Value;
    private readonly DashboardState _state = new();
    private readonly List<string> _changedCustomers = [];
    private readonly Dictionary<string, List<LiveClient>> _watchers = new(StringComparer.Ordinal);
    private SerializedHubMessage? _snapshot;

    internal override async Task PushAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var oldest = feed.TakeOldestUnpushed();
        var all = clients.All();
        var subscriptions = feed.SegmentSubscriptions;
        if (all.Length == 0 && subscriptions.Length == 0)
        {
            _state.Reset();
            feed.DiscardChangedCustomers();
            // The history goes on with no one watching, so the next dashboard opened shows the past.
            if (_state.History.IsDue(now))
            {
                _state.RecordHistory(source.CaptureSegments(now), now);
            }

            return;
        }

        TimeSpan? latency = oldest is { } receivedAt ? now - receivedAt : null;
        _state.Apply(source.CaptureSegments(now), source.CaptureCounters(now), now, latency);
        _snapshot = null;
        SerializedHubMessage? update = null;
        foreach (var client in all)
        {
            if (client.NeedsSnapshot)
            {
                client.NeedsSnapshot = false;
                Send(client, Snapshot());
            }
            else if (_state.HasChanges)
            {
                update ??= Serialize("update", DashboardJson.WriteUpdate);
                Send(client, update);
            }
        }

        FeedSegmentSubscriptions(subscriptions);
        if (latency is { } pushed)
        {
            metrics.PushLatency(pushed);
        }

        await PushChangedCustomersAsync(all, cancellationToken);
    }

    private void FeedSegmentSubscriptions(Segments.SegmentSubscription[] subscriptions)
    {
        foreach (var subscription in subscriptions)
        {
            var written = true;
            if (!subscription.SnapshotSent)
            {
                written = subscription.TryWriteSnapshot(_state.Current);
            }
            else
            {
                foreach (var stats in _state.ChangedSegments)
                {
                    written &= subscription.TryWriteStats(stats);
                }
            }

            if (!written)
            {
                feed.Overflowed(subscription);
            }
        }
    }

    private async Task PushChangedCustomersAsync(LiveClient[] all, CancellationToken cancellationToken)
    {
        _changedCustomers.Clear();
        feed.TakeChangedCustomers(_changedCustomers, _options.MaxCustomerViewsPerPush);
        if (_changedCustomers.Count == 0)
        {
            return;
        }

        _watchers.Clear();
        foreach (var customerId in _changedCustomers)
        {
            foreach (var client in all)
            {
                if (client.IsWatching(customerId))
                {
                    if (!_watchers.TryGetValue(customerId, out var watching))
                    {
                        _watchers[customerId] = watching = [];
                    }

                    watching.Add(client);
                }
            }
        }

        foreach (var (customerId, watching) in _watchers)
        {
            Contracts.V1.CustomerView? view;
            try
            {
                view = await source.GetCustomerAsync(customerId, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.CustomerViewFailed(Logger, customerId, ex);
                continue;
            }

            var message = HubFrames.Invocation("customer", new CustomerPayload(customerId, view), CustomerJson.Write);
            metrics.Serialized("customer");
            foreach (var client in watching)
            {
                Send(client, message);
            }
        }
    }

    /// <summary>
    /// Queues a message; a client whose queue is full gets its backlog replaced by a fresh snapshot (and its
    /// watched customers again at the next push), and is dropped after too many such replacements in a row.
    /// </summary>
    private void Send(LiveClient client, SerializedHubMessage message)
    {
        if (client.TryEnqueue(message))
        {
            return;
        }

        var overflows = client.RecordOverflow();
        if (overflows > _options.MaxConsecutiveResnapshots)
        {
            metrics.ClientDropped(LiveMetrics.DashboardHub, "slow");
            Log.ClientDropped(Logger, LiveMetrics.DashboardHub, client.ConnectionId, client.Queued);
            clients.Drop(client);
            return;
        }

        client.DiscardBacklog();
        client.TryEnqueue(Snapshot());
        foreach (var customerId in client.WatchedCustomers())
        {
            feed.MarkChanged(customerId);
        }

        metrics.Resnapshotted();
        Log.DashboardClientResnapshotted(Logger, client.ConnectionId, overflows);
    }

    private SerializedHubMessage Snapshot() => _snapshot ??= Serialize("snapshot", DashboardJson.WriteSnapshot);

    private SerializedHubMessage Serialize(string target, Action<System.Text.Json.Utf8JsonWriter, DashboardState> write)
    {
        metrics.Serialized(target);
        return HubFrames.Invocation(target, _state, write);
    }
}
