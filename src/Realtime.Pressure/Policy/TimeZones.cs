using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Realtime.Pressure;

/// <summary>
/// IANA zones by id, looked up once per id (the runtime reads tzdata on Linux; InvariantGlobalization does not
/// affect it), and the conversions quiet hours need across daylight-saving changes.
/// </summary>
public static class TimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ZoneClock> Clocks = new(StringComparer.Ordinal);

    public static bool TryFind(string id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = Cache.GetOrAdd(id, static id =>
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (TimeZoneNotFoundException)
            {
                return null;
            }
            catch (InvalidTimeZoneException)
            {
                return null;
            }
        });
        return zone is not null;
    }

    /// <summary>The shared hot-path clock of a zone.</summary>
    internal static ZoneClock Clock(TimeZoneInfo zone) => Clocks.GetOrAdd(zone.Id, static (_, zone) => new ZoneClock(zone), zone);

    /// <summary>
    /// The first instant at which the zone's wall clock reads <paramref name="local"/> or later: for a time skipped by
    /// a spring-forward change, the instant of the change; for a time that occurs twice, the first occurrence.
    /// </summary>
    public static DateTimeOffset FirstInstantAtOrAfter(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var largest = offsets.Max();
            return new DateTimeOffset(local.Ticks - largest.Ticks, TimeSpan.Zero);
        }

        if (!zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(local - zone.GetUtcOffset(local), TimeSpan.Zero);
        }

        // Skipped: the clock jumps over local; find the jump by bisection between the instants that read just before
        // (offset after the change) and just after (offset before the change).
        var before = zone.GetUtcOffset(local.AddHours(-12));
        var after = zone.GetUtcOffset(local.AddHours(12));
        var lo = local.Ticks - after.Ticks;
        var hi = local.Ticks - before.Ticks;
        while (hi - lo > TimeSpan.TicksPerSecond)
        {
            var mid = lo + ((hi - lo) / 2);
            var wall = TimeZoneInfo.ConvertTime(new DateTimeOffset(mid, TimeSpan.Zero), zone).DateTime;
            if (wall >= local)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return new DateTimeOffset(hi - (hi % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}
