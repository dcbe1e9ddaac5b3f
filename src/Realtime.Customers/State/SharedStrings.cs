using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Realtime.Customers.State;

/// <summary>
/// One shared instance of each categorical value a customer keeps (trait values such as country, sector, role, time
/// zone and interests; the pages, forms and campaigns its recent interactions name): a million customers in "FR" and
/// "Europe/Paris" then hold two strings, not two million. A pooled value is also old to the GC: a fresh string from
/// the event kept in an old state would be copied by the next collections and make them mark more. Bounded, unlike
/// <see cref="string.Intern"/>: once <see cref="MaxValues"/> values are pooled, or for long values, a value is kept as
/// it came, so free text cannot grow the pool without end. Thread-safe: every shard's turns share it.
/// </summary>
internal static class SharedStrings
{
    /// <summary>How many distinct values are pooled at most (the first ones seen).</summary>
    public const int MaxValues = 65_536;

    /// <summary>Longer values are not pooled: they are rarely categorical.</summary>
    public const int MaxLength = 128;

    private static readonly ConcurrentDictionary<string, string> Values = new(StringComparer.Ordinal);

    // Counted here: ConcurrentDictionary.Count takes every lock, and a miss (a new page, say) happens on hot turns.
    private static int s_count;

    [return: NotNullIfNotNull(nameof(value))]
    public static string? Share(string? value)
    {
        if (value is null || value.Length > MaxLength)
        {
            return value;
        }

        if (Values.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (Volatile.Read(ref s_count) >= MaxValues)
        {
            return value;
        }

        if (Values.TryAdd(value, value))
        {
            Interlocked.Increment(ref s_count);
            return value;
        }

        return Values.TryGetValue(value, out shared) ? shared : value;
    }

    public static string[] Share(string[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Share(values[i])!;
        }

        return values;
    }
}
