using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.Contracts.V1;
using Realtime.Live.Segments;

namespace Realtime.Live;

/// <summary>
/// The server's way in: it calls these methods from its actor change feed, on hot threads. Every call is
/// non-blocking, takes no lock on the common path and keeps at most a bounded amount of data; the push loops
/// (dashboard every <see cref="LiveOptions.PushInterval"/>, pressure every <see cref="LiveOptions.PressureInterval"/>)
/// pick the changes up. Registered as a singleton by <see cref="LiveServiceCollectionExtensions.AddRealtimeLive"/>.
/// </summary>
public sealed class LiveFeed
{
    private static readonly WatchSegmentsRequest EverySegment = new();

    private readonly ConcurrentDictionary<string, int> _watchers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _changedCustomers = new(StringComparer.Ordinal);
    private readonly Channel<PressureChange> _pressure;
    private readonly Lock _subscriptionsGate = new();
    private readonly LiveOptions _options;
    private readonly LiveMetrics _metrics;
    private readonly ILogger<LiveFeed> _logger;
    private SegmentSubscription[] _segmentSubscriptions = [];
    private long _oldestUnpushedTicks = long.MaxValue;
    private long _eventsApplied;
    private long _pressureDropped;
    private int _pressureListeners;

    internal LiveFeed(IOptions<LiveOptions> options, LiveMetrics metrics, ILogger<LiveFeed> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        _pressure = System.Threading.Channels.Channel.CreateBounded<PressureChange>(new BoundedChannelOptions(_options.PressureFeedCapacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>
    /// A customer's state changed (score, grade, stage, segments, pressure...). Costs one dictionary lookup unless a
    /// dashboard watches the customer; then its fresh view (from <see cref="ILiveSource.GetCustomerAsync"/>) is pushed
    /// to the watchers at the next push, once however many times it changed in between.
    /// </summary>
    public void CustomerChanged(string customerId)
    {
        if (customerId is not null && _watchers.ContainsKey(customerId))
        {
            _changedCustomers.TryAdd(customerId, 0);
        }
    }

    /// <summary>
    /// A customer entered or left a segment. The segment statistics come from <see cref="ILiveSource.CaptureSegments"/>
    /// at the next push; this call only forwards the change to <see cref="SubscribeSegments"/> readers that asked for
    /// membership changes. Do not mutate <paramref name="change"/> afterwards: it is shared with those readers.
    /// </summary>
    public void MembershipChanged(MembershipChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var subscriptions = Volatile.Read(ref _segmentSubscriptions);
        foreach (var subscription in subscriptions)
        {
            if (!subscription.TryWriteChange(change))
            {
                Overflowed(subscription);
            }
        }
    }

    /// <summary>
    /// A customer's contact pressure changed on a channel (suppressed until, allowed again, cap reached until).
    /// Pushed to the pressure subscribers of that channel (<see cref="Realtime.Contracts.V1.Channel.Unspecified"/>: every subscriber) within
    /// one <see cref="LiveOptions.PressureInterval"/>. Dropped at once when nobody subscribes; when the bounded feed
    /// is full (the push loop cannot keep up), the change is counted and logged as dropped.
    /// </summary>
    public void PressureChanged(PressureChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (Volatile.Read(ref _pressureListeners) == 0)
        {
            return;
        }

        if (!_pressure.Writer.TryWrite(change))
        {
            Interlocked.Increment(ref _pressureDropped);
        }
    }

    /// <summary>
    /// The effects of <paramref name="count"/> events have been handed to this feed (call it after the
    /// <see cref="CustomerChanged"/> / <see cref="MembershipChanged"/> calls of their batch).
    /// <paramref name="receivedAt"/> is when the ingest endpoint received the batch, from the same TimeProvider.
    /// The next push records "now − the oldest such instant since the previous push" as the push latency
    /// (the histogram <c>realtime.live.push_latency</c>, and <c>pushLatencyMs</c> in dashboard messages).
    /// </summary>
    public void EventsApplied(int count, DateTimeOffset receivedAt)
    {
        Interlocked.Add(ref _eventsApplied, count);
        var ticks = receivedAt.UtcTicks;
        var current = Volatile.Read(ref _oldestUnpushedTicks);
        while (ticks < current)
        {
            var seen = Interlocked.CompareExchange(ref _oldestUnpushedTicks, ticks, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    /// <summary>Events reported through <see cref="EventsApplied"/> since the start.</summary>
    public long EventsAppliedTotal => Interlocked.Read(ref _eventsApplied);

    /// <summary>
    /// The stream behind gRPC <c>Segments.Watch</c>: first a <see cref="SegmentUpdate.Snapshot"/> (at the next push),
    /// then, at each push, one <see cref="SegmentUpdate.Stats"/> per segment whose statistics changed, and, when
    /// <see cref="WatchSegmentsRequest.IncludeMembershipChanges"/> is set, every <see cref="SegmentUpdate.Change"/> as
    /// it happens. Filtered by <see cref="WatchSegmentsRequest.SegmentIds"/> (all when empty). The reader is bounded
    /// (<see cref="LiveOptions.SegmentSubscriptionCapacity"/>): a reader that falls behind is completed with
    /// <see cref="LiveSubscriptionOverflowException"/> (answer RESOURCE_EXHAUSTED; the client watches again and gets a
    /// fresh snapshot). Cancelling <paramref name="cancellationToken"/> ends the subscription (the reader completes).
    /// </summary>
    public ChannelReader<SegmentUpdate> SubscribeSegments(WatchSegmentsRequest? request, CancellationToken cancellationToken)
    {
        var subscription = new SegmentSubscription(request ?? EverySegment, _options.SegmentSubscriptionCapacity);
        lock (_subscriptionsGate)
        {
            _segmentSubscriptions = [.. _segmentSubscriptions, subscription];
        }

        subscription.CancellationRegistration = cancellationToken.Register(
            static state =>
            {
                var (feed, ended) = (SubscriptionState)state!;
                feed.Remove(ended, null);
            },
            new SubscriptionState(this, subscription));
        return subscription.Reader;
    }

    internal SegmentSubscription[] SegmentSubscriptions => Volatile.Read(ref _segmentSubscriptions);

    internal ChannelReader<PressureChange> PressureChanges => _pressure.Reader;

    internal void SetPressureListeners(int count) => Volatile.Write(ref _pressureListeners, count);

    internal long TakePressureDropped() => Interlocked.Exchange(ref _pressureDropped, 0);

    /// <summary>The oldest receive instant reported since the last call, or null when none was.</summary>
    internal DateTimeOffset? TakeOldestUnpushed()
    {
        var ticks = Interlocked.Exchange(ref _oldestUnpushedTicks, long.MaxValue);
        return ticks == long.MaxValue ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    internal void AddWatcher(string customerId) => _watchers.AddOrUpdate(customerId, 1, static (_, n) => n + 1);

    internal void RemoveWatcher(string customerId)
    {
        while (_watchers.TryGetValue(customerId, out var n))
        {
            if (n <= 1 ? _watchers.TryRemove(new KeyValuePair<string, int>(customerId, n)) : _watchers.TryUpdate(customerId, n - 1, n))
            {
                return;
            }
        }
    }

    /// <summary>Marks a watched customer changed (a client was resnapshotted and needs the views again).</summary>
    internal void MarkChanged(string customerId) => _changedCustomers.TryAdd(customerId, 0);

    /// <summary>Moves up to <paramref name="max"/> changed, watched customers into <paramref name="into"/>.</summary>
    internal void TakeChangedCustomers(List<string> into, int max)
    {
        foreach (var (customerId, _) in _changedCustomers)
        {
            if (into.Count >= max)
            {
                return;
            }

            if (_changedCustomers.TryRemove(customerId, out _) && _watchers.ContainsKey(customerId))
            {
                into.Add(customerId);
            }
        }
    }

    internal void DiscardChangedCustomers() => _changedCustomers.Clear();

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void Overflowed(SegmentSubscription subscription)
    {
        if (Remove(subscription, new LiveSubscriptionOverflowException(_options.SegmentSubscriptionCapacity)))
        {
            _metrics.ClientDropped(LiveMetrics.SegmentsHub, "overflow");
            Log.SegmentSubscriptionOverflowed(_logger, _options.SegmentSubscriptionCapacity);
        }
    }

    private bool Remove(SegmentSubscription subscription, Exception? error)
    {
        lock (_subscriptionsGate)
        {
            var index = Array.IndexOf(_segmentSubscriptions, subscription);
            if (index < 0)
            {
                return false;
            }

            _segmentSubscriptions = [.. _segmentSubscriptions.AsSpan(0, index), .. _segmentSubscriptions.AsSpan(index + 1)];
        }

        subscription.Complete(error);
        return true;
    }

    private sealed record SubscriptionState(LiveFeed Feed, SegmentSubscription Subscription);
}
