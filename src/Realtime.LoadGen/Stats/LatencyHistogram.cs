using System.Numerics;

namespace Realtime.LoadGen.Stats;

/// <summary>
/// A log-linear histogram in the manner of HdrHistogram: values below 128 are exact, above that each power of two is
/// split into 64 linear buckets, so a reported percentile is at most 1/64 (1.6%) above the true value. Values are
/// microseconds (any non-negative long). Recording is lock-free and thread-safe.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 7;
    private const int Exact = 1 << SubBits;            // 128 exact buckets
    private const int Half = Exact / 2;                 // 64 buckets per power of two above
    private const int BucketCount = Exact + ((63 - SubBits) * Half);

    private readonly long[] _counts = new long[BucketCount];
    private long _count;
    private long _sum;
    private long _max;
    private long _min = long.MaxValue;

    public long Count => Interlocked.Read(ref _count);

    public long Max => Count == 0 ? 0 : Interlocked.Read(ref _max);

    public long Min => Count == 0 ? 0 : Interlocked.Read(ref _min);

    public double Mean => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    public void Record(long value)
    {
        value = Math.Max(0, value);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        long seen;
        while (value > (seen = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, value, seen) != seen)
        {
        }

        while (value < (seen = Interlocked.Read(ref _min)) && Interlocked.CompareExchange(ref _min, value, seen) != seen)
        {
        }
    }

    public void RecordElapsed(TimeSpan elapsed) => Record((long)elapsed.TotalMicroseconds);

    /// <summary>
    /// The value at <paramref name="percentile"/> (0..100): the recorded value of rank ceil(p/100 · count) in sorted
    /// order, reported as the highest value its bucket can hold (never above the maximum recorded). 0 when empty.
    /// </summary>
    public long ValueAtPercentile(double percentile)
    {
        var count = Count;
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * count));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(HighestIn(i), Max);
            }
        }

        return Max;
    }

    internal static int IndexOf(long value)
    {
        if (value < Exact)
        {
            return (int)value;
        }

        var log2 = BitOperations.Log2((ulong)value);   // ≥ 7
        var shift = log2 - (SubBits - 1);               // value >> shift lies in 64..127
        return Exact + ((log2 - SubBits) * Half) + (int)((value >> shift) - Half);
    }

    internal static long HighestIn(int index)
    {
        if (index < Exact)
        {
            return index;
        }

        var log2 = ((index - Exact) / Half) + SubBits;
        var sub = ((index - Exact) % Half) + Half;
        var shift = log2 - (SubBits - 1);
        return ((long)(sub + 1) << shift) - 1;
    }
}
