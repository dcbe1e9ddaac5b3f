namespace Realtime.Customers.Aggregates;

/// <summary>
/// Counts over recent windows without keeping events: 60 one-minute buckets (windows up to an hour, to the minute)
/// and 48 one-hour buckets (windows up to two days, to the hour). A bucket resets when its slot is reused.
/// </summary>
internal sealed class RecentCounter
{
    private const long MinuteMs = 60_000;
    private const long HourMs = 60 * MinuteMs;
    private readonly long[] _minutes = new long[60];
    private readonly long[] _minuteStamps = new long[60];
    private readonly long[] _hours = new long[48];
    private readonly long[] _hourStamps = new long[48];

    public void Add(long at, long count = 1)
    {
        Bump(_minutes, _minuteStamps, at / MinuteMs, count);
        Bump(_hours, _hourStamps, at / HourMs, count);
    }

    public long Sum(long now, long windowMs)
    {
        if (windowMs <= 60 * MinuteMs)
        {
            return Sum(_minutes, _minuteStamps, now / MinuteMs, Math.Max(1, windowMs / MinuteMs));
        }

        return Sum(_hours, _hourStamps, now / HourMs, Math.Min(_hours.Length, Math.Max(1, windowMs / HourMs)));
    }

    private static void Bump(long[] buckets, long[] stamps, long unit, long count)
    {
        var slot = (int)(unit % buckets.Length);
        if (stamps[slot] != unit)
        {
            stamps[slot] = unit;
            buckets[slot] = 0;
        }

        buckets[slot] += count;
    }

    private static long Sum(long[] buckets, long[] stamps, long nowUnit, long units)
    {
        var sum = 0L;
        for (var i = 0; i < buckets.Length; i++)
        {
            if (stamps[i] > nowUnit - units && stamps[i] <= nowUnit)
            {
                sum += buckets[i];
            }
        }

        return sum;
    }
}
