namespace Realtime.Customers.State;

/// <summary>
/// The score's history over time in a fixed, small budget: at most <see cref="Capacity"/> points of (seconds, hundredths
/// of a point), 8 bytes each in one array. Recent points stay dense; when the timeline is full, the inner point whose
/// removal leaves the shortest span relative to its age is dropped, so old evolution thins out instead of disappearing:
/// 16 points show the last days point by point and months before at a coarser grain (a change a day for 120 days
/// keeps days 0, 32, 64, 80, 88, 96, 104, 108, 110, 112, 114, 115 ... 119). A point's value holds from its instant until the next point.
/// </summary>
public struct ScoreTimeline
{
    // Interleaved [seconds, hundredths] pairs, oldest first.
    private int[] _points;

    public ScoreTimeline(int capacity) => _points = new int[2 * Math.Max(2, capacity)];

    public int Count { get; private set; }

    public readonly int Capacity => _points.Length / 2;

    /// <summary>Point <paramref name="index"/>, oldest first: unix milliseconds (whole seconds) and the score.</summary>
    public readonly ScoreHistoryEntry this[int index] =>
        new(HistorySeconds.ToUnixMs(_points[2 * index]), _points[(2 * index) + 1] / 100.0);

    /// <summary>
    /// Records the score from <paramref name="atMs"/> on. Within <paramref name="coalesceMs"/> of the last point the
    /// value replaces the last point's; otherwise a point is added, dropping an older inner one first when full.
    /// </summary>
    public void Record(long atMs, double score, long coalesceMs)
    {
        var seconds = HistorySeconds.FromUnixMs(atMs);
        var value = ToHundredths(score);
        if (Count > 0)
        {
            var last = 2 * (Count - 1);
            if (atMs - HistorySeconds.ToUnixMs(_points[last]) < coalesceMs || seconds <= _points[last])
            {
                _points[last + 1] = value;
                return;
            }

            if (_points[last + 1] == value)
            {
                return;
            }
        }

        if (Count == Capacity)
        {
            DropOnePoint(seconds);
        }

        _points[2 * Count] = seconds;
        _points[(2 * Count) + 1] = value;
        Count++;
    }

    public void Clear()
    {
        Array.Clear(_points);
        Count = 0;
    }

    internal void CopyFrom(in ScoreTimeline other)
    {
        if (_points.Length != other._points.Length)
        {
            _points = new int[other._points.Length];
        }

        Array.Copy(other._points, _points, _points.Length);
        Count = other.Count;
    }

    /// <summary>Appends another timeline's points (oldest first), thinning as needed to fit this one's capacity.</summary>
    internal void AppendAll(in ScoreTimeline other)
    {
        for (var i = 0; i < other.Count; i++)
        {
            var point = other[i];
            Record(point.At, point.Score, coalesceMs: 0);
        }
    }

    /// <summary>
    /// Drops the inner point whose removal leaves the shortest span relative to its age (span / age), so every kept
    /// point stays a true observation (the score was exactly that from that instant) and old levels thin out first.
    /// A point equal to the one before it goes first (nothing is lost). The first and the latest points stay; ties go
    /// to the oldest.
    /// </summary>
    private void DropOnePoint(int nowSeconds)
    {
        var drop = Count - 1;
        long bestSpan = long.MaxValue;
        long bestAge = 1;
        for (var j = 1; j + 1 < Count; j++)
        {
            // The span the previous point would cover once j is gone.
            var previous = _points[2 * (j - 1)];
            var next = _points[2 * (j + 1)];
            long span = _points[(2 * j) + 1] == _points[(2 * (j - 1)) + 1] ? 0 : next - previous;
            long age = Math.Max(1L, (long)nowSeconds - next);

            // span / age < bestSpan / bestAge, without division (spans and ages are below 2^32, products fit).
            if (bestSpan == long.MaxValue || (span * bestAge) < (bestSpan * age))
            {
                drop = j;
                bestSpan = span;
                bestAge = age;
            }
        }

        Array.Copy(_points, 2 * (drop + 1), _points, 2 * drop, 2 * (Count - drop - 1));
        Count--;
    }

    private static int ToHundredths(double score) => (int)Math.Clamp(Math.Round(score * 100, MidpointRounding.AwayFromZero), int.MinValue, int.MaxValue);
}
