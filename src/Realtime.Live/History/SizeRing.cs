namespace Realtime.Live.History;

/// <summary>
/// One resolution of the segment-size history: a point per <see cref="Step"/> (aligned on the clock, so every server
/// agrees on the instants) for the last <see cref="Span"/>, in fixed-size ring buffers, one per segment. A segment
/// absent at a point has no size there (written as null).
/// </summary>
internal sealed class SizeRing
{
    private const long Absent = -1;
    private readonly long[] _times;
    private readonly Dictionary<string, long[]> _sizes = new(StringComparer.Ordinal);
    private readonly List<string> _emptied = [];
    private int _first;
    private long _lastSlot = long.MinValue;

    public SizeRing(TimeSpan step, TimeSpan span)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(span, step);
        Step = step;
        Span = span;
        _times = new long[(int)(span.Ticks / step.Ticks)];
    }

    public TimeSpan Step { get; }

    public TimeSpan Span { get; }

    /// <summary>How many points are held (at most <see cref="Span"/> / <see cref="Step"/>).</summary>
    public int Count { get; private set; }

    public long StepSeconds => (long)Step.TotalSeconds;

    /// <summary>Whether <paramref name="now"/> falls in a step that has no point yet.</summary>
    public bool IsDue(DateTimeOffset now) => Slot(now) > _lastSlot;

    /// <summary>
    /// Records the sizes at the start of <paramref name="now"/>'s step, once per step; drops the points older than
    /// <see cref="Span"/> (the clock may have jumped) and the segments left with no size at all.
    /// </summary>
    /// <returns>The point's time in Unix seconds, or null when this step already has its point.</returns>
    public long? Record(DateTimeOffset now, IReadOnlyDictionary<string, long> sizes)
    {
        var slot = Slot(now);
        if (slot <= _lastSlot)
        {
            return null;
        }

        _lastSlot = slot;
        var at = slot * StepSeconds;
        while (Count > 0 && _times[_first] <= at - (long)Span.TotalSeconds)
        {
            DropOldest();
        }

        if (Count == _times.Length)
        {
            DropOldest();
        }

        var index = (_first + Count) % _times.Length;
        _times[index] = at;
        Count++;
        foreach (var (id, size) in sizes)
        {
            if (!_sizes.ContainsKey(id))
            {
                var series = new long[_times.Length];
                Array.Fill(series, Absent);
                _sizes[id] = series;
            }
        }

        _emptied.Clear();
        foreach (var (id, series) in _sizes)
        {
            series[index] = sizes.TryGetValue(id, out var size) ? size : Absent;
            if (series[index] == Absent && !HasAnySize(series))
            {
                _emptied.Add(id);
            }
        }

        foreach (var id in _emptied)
        {
            _sizes.Remove(id);
        }

        return at;
    }

    /// <summary>The points' times in Unix seconds, oldest first.</summary>
    public IEnumerable<long> Times()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return _times[(_first + i) % _times.Length];
        }
    }

    public IEnumerable<string> SegmentIds => _sizes.Keys;

    /// <summary>The segment's size at each point, oldest first; null where it was absent.</summary>
    public IEnumerable<long?> Sizes(string segmentId)
    {
        var series = _sizes[segmentId];
        for (var i = 0; i < Count; i++)
        {
            var size = series[(_first + i) % _times.Length];
            yield return size == Absent ? null : size;
        }
    }

    private long Slot(DateTimeOffset now) => now.ToUnixTimeSeconds() / StepSeconds;

    private void DropOldest()
    {
        foreach (var series in _sizes.Values)
        {
            series[_first] = Absent;
        }

        _first = (_first + 1) % _times.Length;
        Count--;
    }

    private bool HasAnySize(long[] series)
    {
        for (var i = 0; i < Count; i++)
        {
            if (series[(_first + i) % _times.Length] != Absent)
            {
                return true;
            }
        }

        return false;
    }
}
