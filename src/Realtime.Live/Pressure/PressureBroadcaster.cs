using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Contracts.V1;
using Realtime.Live.Hubs;
using Realtime.Live.Push;

namespace Realtime.Live.Pressure;

/// <summary>
/// The pressure push: every <see cref="LiveOptions.PressureInterval"/>, drains the feed and sends each subscriber
/// the changes of its channels, serialized once per distinct channel filter. A subscriber whose queue is full is
/// dropped (aborted) rather than silently skipped: it reconnects and re-reads what it needs.
/// </summary>
internal sealed class PressureBroadcaster(
    LiveFeed feed,
    ClientRegistry<PressureHub> clients,
    LiveMetrics metrics,
    TimeProvider time,
    IOptions<LiveOptions> options,
    ILogger<PressureBroadcaster> logger) : PeriodicPushService(time, options.Value.PressureInterval, LiveMetrics.PressureHub, logger)
{
    private readonly List<PressureChange> _batch = [];
    private readonly Dictionary<int, SerializedHubMessage> _byMask = [];

    internal override Task PushAsync(CancellationToken cancellationToken)
    {
        Push();
        return Task.CompletedTask;
    }

    private void Push()
    {
        var dropped = feed.TakePressureDropped();
        if (dropped > 0)
        {
            metrics.PressureChangesDropped(dropped);
            Log.PressureChangesDropped(Logger, dropped);
        }

        _batch.Clear();
        var present = 0;
        var reader = feed.PressureChanges;
        while (reader.TryRead(out var change))
        {
            _batch.Add(change);
            present |= PressureChannels.BitOf(change.Channel);
        }

        if (_batch.Count == 0)
        {
            return;
        }

        _byMask.Clear();
        foreach (var client in clients.All())
        {
            var mask = client.ChannelMask & present;
            if (mask == 0)
            {
                continue;
            }

            if (!_byMask.TryGetValue(mask, out var message))
            {
                message = HubFrames.Invocation("pressure", (_batch, mask), PressureJson.WriteBatch);
                metrics.Serialized("pressure");
                _byMask[mask] = message;
            }

            if (!client.TryEnqueue(message))
            {
                metrics.ClientDropped(LiveMetrics.PressureHub, "slow");
                Log.ClientDropped(Logger, LiveMetrics.PressureHub, client.ConnectionId, client.Queued);
                clients.Drop(client);
            }
        }
    }
}
