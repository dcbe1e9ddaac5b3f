using System.Collections.Concurrent;

namespace Realtime.Customers.Expressions;

/// <summary>
/// Calendar dates in a customer's own time zone (traits.time_zone, an IANA id; UTC when unset or unknown): a birthday
/// starts at local midnight, not UTC midnight. Zones are looked up once per id.
/// </summary>
internal static class LocalDates
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Zones = new(StringComparer.Ordinal);

    /// <summary>The zone of an IANA id, or null when the id is null, empty or unknown.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        return Zones.GetOrAdd(id, static id =>
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                return null;
            }
        });
    }

    /// <summary>The date at <paramref name="nowMs"/> (unix ms) on the zone's wall clock.</summary>
    public static DateOnly Today(long nowMs, TimeZoneInfo? zone)
    {
        var utc = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        return DateOnly.FromDateTime(zone is null ? utc.UtcDateTime : TimeZoneInfo.ConvertTime(utc, zone).DateTime);
    }

    /// <summary>
    /// The first instant (unix ms) of <paramref name="date"/> on the zone's wall clock: local midnight, or when a
    /// daylight-saving change skips midnight, the first minute that exists; when midnight occurs twice, the first.
    /// </summary>
    public static long StartOf(DateOnly date, TimeZoneInfo? zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (zone is null)
        {
            return new DateTimeOffset(local, TimeSpan.Zero).ToUnixTimeMilliseconds();
        }

        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUnixTimeMilliseconds();
    }
}
