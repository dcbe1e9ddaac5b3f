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
    // Interleaved [seconds, hundredths] pairs, oldest first. The array grows with the points (none, 1, 2, 4 … up to the
    // capacity): a customer whose score never moved keeps none.
    private int[]? _points;

    public ScoreTimeline(int capacity) => Capacity = Math.Max(2, capacity);

    public int Count { get; private set; }

    public int Capacity { get; private set; }

    /// <summary>Point <paramref name="index"/>, oldest first: unix milliseconds (whole seconds) and the score.</summary>
    public readonly ScoreHistoryEntry this[int index] =>
        new(HistorySeconds.ToUnixMs(_points![2 * index]), _points[(2 * index) + 1] / 100.0);

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
            var points = _points!;
            var last = 2 * (Count - 1);
            if (atMs - HistorySeconds.ToUnixMs(points[last]) < coalesceMs || seconds <= points[last])
            {
                points[last + 1] = value;
                return;
            }

            if (points[last + 1] == value)
            {
                return;
            }
        }

        if (Count == Capacity)
        {
            DropOnePoint(seconds);
        }
        else if (_points is null || 2 * Count == _points.Length)
        {
            Array.Resize(ref _points, 2 * Math.Min(Math.Max(1, 2 * Count), Capacity));
        }

        _points![2 * Count] = seconds;
        _points[(2 * Count) + 1] = value;
        Count++;
    }

    public void Clear()
    {
        if (_points is not null)
        {
            Array.Clear(_points);
        }

        Count = 0;
    }

    // The turn's undo copy: reuses this array when it is long enough (points past Count are never read), so the reused
    // copy stops allocating once it has held the longest timeline it copies.
    internal void CopyFrom(in ScoreTimeline other)
    {
        Capacity = other.Capacity;
        Count = other.Count;
        if (Count == 0)
        {
            return;
        }

        if (_points is null || _points.Length < 2 * Count || _points.Length > 2 * Capacity)
        {
            _points = new int[other._points!.Length];
        }

        Array.Copy(other._points!, _points, 2 * Count);
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
        var points = _points!;
        var drop = Count - 1;
        long bestSpan = long.MaxValue;
        long bestAge = 1;
        for (var j = 1; j + 1 < Count; j++)
        {
            // The span the previous point would cover once j is gone.
            var previous = points[2 * (j - 1)];
            var next = points[2 * (j + 1)];
            long span = points[(2 * j) + 1] == points[(2 * (j - 1)) + 1] ? 0 : next - previous;
            long age = Math.Max(1L, (long)nowSeconds - next);

            // span / age < bestSpan / bestAge, without division (spans and ages are below 2^32, products fit).
            if (bestSpan == long.MaxValue || (span * bestAge) < (bestSpan * age))
            {
                drop = j;
                bestSpan = span;
                bestAge = age;
            }
        }

        Array.Copy(points, 2 * (drop + 1), points, 2 * drop, 2 * (Count - drop - 1));
        Count--;
    }

    private static int ToHundredths(double score) => (int)Math.Clamp(Math.Round(score * 100, MidpointRounding.AwayFromZero), int.MinValue, int.MaxValue);
}
