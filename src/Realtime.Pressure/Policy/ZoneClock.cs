namespace Realtime.Pressure;

/// <summary>
/// A zone's wall clock for the hot path: converting an instant with <see cref="TimeZoneInfo"/> walks its adjustment
/// rules on every call, so this remembers the spans of constant offset (between two daylight-saving changes) last
/// used and converts inside them with one addition. Shared by every customer in the zone: each span is immutable and
/// replaced whole, so concurrent readers at worst recompute one.
/// </summary>
internal sealed class ZoneClock(TimeZoneInfo zone)
{
    // Offsets never change twice within a week, so weekly probes find every change; 60 weeks spans any season.
    private const long ProbeSeconds = 7 * 86_400;
    private const int MaxProbes = 60;
    private static readonly long MinSeconds = DateTimeOffset.MinValue.UtcTicks / TimeSpan.TicksPerSecond + 86_400;
    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.UtcTicks / TimeSpan.TicksPerSecond - 86_400;

    private OffsetSpan _recent = OffsetSpan.Empty;
    private OffsetSpan _other = OffsetSpan.Empty;

    public TimeZoneInfo Zone => zone;

    /// <summary>The wall-clock time at a UTC instant (ticks), of kind unspecified.</summary>
    public DateTime ToLocal(long utcTicks)
    {
        var recent = _recent;
        if (recent.Contains(utcTicks))
        {
            return new DateTime(utcTicks + recent.Offset, DateTimeKind.Unspecified);
        }

        var other = _other;
        if (!other.Contains(utcTicks))
        {
            other = Compute(utcTicks);
        }

        _other = recent;
        _recent = other;
        return new DateTime(utcTicks + other.Offset, DateTimeKind.Unspecified);
    }

    /// <summary>
    /// <see cref="TimeZones.FirstInstantAtOrAfter"/> in UTC ticks, without the zone's rules when a remembered span holds
    /// the answer with a day to spare on each side (no change nearby, so the local time occurs exactly once).
    /// </summary>
    public long FirstInstantAtOrAfter(DateTime local)
    {
        foreach (var span in (ReadOnlySpan<OffsetSpan>)[_recent, _other])
        {
            var utc = local.Ticks - span.Offset;
            if (utc - TimeSpan.TicksPerDay >= span.Start && utc + TimeSpan.TicksPerDay < span.End)
            {
                return utc;
            }
        }

        return TimeZones.FirstInstantAtOrAfter(local, zone).UtcTicks;
    }

    private OffsetSpan Compute(long utcTicks)
    {
        var second = utcTicks / TimeSpan.TicksPerSecond;
        var offset = OffsetAt(second);
        var start = Boundary(second, offset, -1);
        var end = Boundary(second, offset, +1);
        return new OffsetSpan(start * TimeSpan.TicksPerSecond, end * TimeSpan.TicksPerSecond, offset);
    }

    /// <summary>
    /// Going forward: the first second with another offset. Going back: the first second of this offset. Changes
    /// happen on whole seconds. Without a change within the probes, the last probe bounds the span.
    /// </summary>
    private long Boundary(long second, long offset, int direction)
    {
        var inside = second;
        for (var i = 0; i < MaxProbes; i++)
        {
            var probe = inside + (direction * ProbeSeconds);
            if (probe < MinSeconds || probe > MaxSeconds)
            {
                return direction > 0 ? inside + 1 : inside;
            }

            if (OffsetAt(probe) == offset)
            {
                inside = probe;
                continue;
            }

            var outside = probe;
            while (Math.Abs(outside - inside) > 1)
            {
                var middle = inside + ((outside - inside) / 2);
                if (OffsetAt(middle) == offset)
                {
                    inside = middle;
                }
                else
                {
                    outside = middle;
                }
            }

            return direction > 0 ? outside : inside;
        }

        return direction > 0 ? inside + 1 : inside;
    }

    private long OffsetAt(long second) =>
        zone.GetUtcOffset(new DateTimeOffset(second * TimeSpan.TicksPerSecond, TimeSpan.Zero)).Ticks;

    /// <summary>UTC instants [Start, End) at one offset from UTC.</summary>
    private sealed record OffsetSpan(long Start, long End, long Offset)
    {
        public static readonly OffsetSpan Empty = new(0, 0, 0);

        public bool Contains(long utcTicks) => utcTicks >= Start && utcTicks < End;
    }
}
