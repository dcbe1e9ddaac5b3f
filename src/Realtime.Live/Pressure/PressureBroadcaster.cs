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
    ILogger<PressureBroadcaster> logger) : BackgroundService
{
    private readonly LiveOptions _options = options.Value;
    private PeriodicTimer? _timer;
    private readonly List<PressureChange> _batch = [];
    private readonly Dictionary<int, SerializedHubMessage> _byMask = [];

    // Armed when the host starts (ExecuteAsync runs later, on its own task): no push interval is missed.
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new PeriodicTimer(_options.PressureInterval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("The push loop runs only as a started hosted service.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Push();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.PushFailed(logger, LiveMetrics.PressureHub, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal void Push()
    {
        var dropped = feed.TakePressureDropped();
        if (dropped > 0)
        {
            metrics.PressureChangesDropped(dropped);
            Log.PressureChangesDropped(logger, dropped);
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
                Log.ClientDropped(logger, LiveMetrics.PressureHub, client.ConnectionId, client.Queued);
                clients.Drop(client);
            }
        }
    }
}
