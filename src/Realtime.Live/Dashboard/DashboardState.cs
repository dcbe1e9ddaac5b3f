using Google.Protobuf.Collections;
using Realtime.Contracts.V1;
using Realtime.Live.History;

namespace Realtime.Live.Dashboard;

/// <summary>
/// What dashboards were last sent, and what changed since: the push loop's only state. Used by one thread at a time.
/// </summary>
internal sealed class DashboardState
{
    private readonly Dictionary<string, SegmentStats> _sent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private RepeatedField<SegmentFlow>? _sentFlows;
    /// <summary>The rate is measured over about a second, not one push interval: at 50 ms a trickle of events would flip it between 0 and a burst.</summary>
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(1);

    private readonly Queue<(DateTimeOffset At, long AcceptedEvents)> _counted = new();
    private DateTimeOffset _lastCountedAt = DateTimeOffset.MinValue;

    /// <summary>The latest capture (every segment and flow).</summary>
    public ListSegmentsResponse Current { get; private set; } = new();

    public DateTimeOffset AsOf { get; private set; }

    public long Customers { get; private set; }

    public double EventsPerSecond { get; private set; }

    /// <summary>The latency of this push, when events were reported since the previous one.</summary>
    public TimeSpan? PushLatency { get; private set; }

    /// <summary>Segments new or different since the previous push, in capture order.</summary>
    public List<SegmentStats> ChangedSegments { get; } = [];

    /// <summary>Ids of segments that disappeared since the previous push.</summary>
    public List<string> RemovedSegments { get; } = [];

    public bool FlowsChanged { get; private set; }

    /// <summary>Segment sizes over the last hour and day; kept across <see cref="Reset"/> (it is sampled with no one listening).</summary>
    public SegmentSizeHistory History { get; } = SegmentSizeHistory.CreateDefault();

    /// <summary>History points added by this push.</summary>
    public List<SizePoint> AppendedHistory { get; } = [];

    public bool CountersChanged { get; private set; }

    public bool HasChanges => ChangedSegments.Count > 0 || RemovedSegments.Count > 0 || FlowsChanged || CountersChanged || AppendedHistory.Count > 0;

    /// <summary>Forgets everything: with nobody listening, the next listener starts from a snapshot anyway.</summary>
    public void Reset()
    {
        _sent.Clear();
        _sentFlows = null;
        _counted.Clear();
        _lastCountedAt = DateTimeOffset.MinValue;
        Current = new ListSegmentsResponse();
        EventsPerSecond = 0;
        Customers = 0;
    }

    /// <summary>Adds the history points due at <paramref name="now"/> (also called with no one listening).</summary>
    public void RecordHistory(ListSegmentsResponse capture, DateTimeOffset now)
    {
        AppendedHistory.Clear();
        History.Record(now, capture.Segments, AppendedHistory);
    }

    public void Apply(ListSegmentsResponse capture, LiveCounters counters, DateTimeOffset now, TimeSpan? pushLatency)
    {
        RecordHistory(capture, now);
        ChangedSegments.Clear();
        RemovedSegments.Clear();
        _seen.Clear();
        foreach (var stats in capture.Segments)
        {
            _seen.Add(stats.Id);
            if (!_sent.TryGetValue(stats.Id, out var previous) || !previous.Equals(stats))
            {
                ChangedSegments.Add(stats);
                _sent[stats.Id] = stats;
            }
        }

        foreach (var id in _sent.Keys)
        {
            if (!_seen.Contains(id))
            {
                RemovedSegments.Add(id);
            }
        }

        foreach (var id in RemovedSegments)
        {
            _sent.Remove(id);
        }

        FlowsChanged = _sentFlows is null || !_sentFlows.Equals(capture.Flows);
        _sentFlows = capture.Flows;

        var rate = EventsPerSecond;
        if (now > _lastCountedAt)
        {
            _counted.Enqueue((now, counters.AcceptedEvents));
            _lastCountedAt = now;
        }

        // The oldest count kept is the last one at least a window old (or the first one).
        while (_counted.Count > 2 && now - _counted.ElementAt(1).At >= RateWindow)
        {
            _counted.Dequeue();
        }

        if (_counted.Count >= 2 && _counted.Peek() is var (since, accepted) && now > since)
        {
            rate = Math.Round(Math.Max(0, counters.AcceptedEvents - accepted) / (now - since).TotalSeconds, 1);
        }

        CountersChanged = rate != EventsPerSecond || counters.Customers != Customers || capture.RulesetVersion != Current.RulesetVersion;
        EventsPerSecond = rate;
        Customers = counters.Customers;
        Current = capture;
        AsOf = now;
        PushLatency = pushLatency;
    }
}
