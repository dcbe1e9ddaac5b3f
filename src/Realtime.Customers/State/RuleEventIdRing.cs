using Realtime.Customers.Rules;

namespace Realtime.Customers.State;

/// <summary>
/// The ids of the latest events that fired each event rule: a ring per rule of min(<c>limits.event_ids_per_rule</c>,
/// <c>max_times</c>) slots (firings past max_times give no points, and each kept id holds its string in memory), the
/// n-th firing (1-based, <see cref="CustomerState.RuleTimes"/>) in slot (n - 1) mod size.
/// </summary>
internal static class RuleEventIdRing
{
    public static void Add(CustomerState state, int ruleIndex, int times, string eventId)
    {
        var size = state.Ruleset.EventIdCapacities[ruleIndex];
        if (size > 0)
        {
            state.WritableRuleEventIds[state.Ruleset.EventIdOffsets[ruleIndex] + ((times - 1) % size)] = eventId;
        }
    }

    /// <summary>The <paramref name="count"/> (at most) most recent ids, newest first.</summary>
    public static IEnumerable<string> Newest(CustomerState state, int ruleIndex, int count) =>
        Newest(state.ReadableRuleEventIds, state.Ruleset.EventIdOffsets[ruleIndex], state.Ruleset.EventIdCapacities[ruleIndex], state.RuleTimes[ruleIndex], count);

    /// <summary>The most recent ids of a ring laid out at <paramref name="offset"/> with <paramref name="size"/> slots.</summary>
    public static IEnumerable<string> Newest(string?[] ids, int offset, int size, int times, int count)
    {
        for (var i = 0; ids.Length > 0 && i < Math.Min(Math.Min(times, size), count); i++)
        {
            if (ids[offset + Slot(times, i, size)] is { } id)
            {
                yield return id;
            }
        }
    }

    /// <summary>Rewrites a rule's ring from ids newest first, for its current firing count (after a move, a merge or a load).</summary>
    public static void Replace(CustomerState state, int ruleIndex, IReadOnlyList<string> newestFirst)
    {
        var size = state.Ruleset.EventIdCapacities[ruleIndex];
        var offset = state.Ruleset.EventIdOffsets[ruleIndex];
        var times = state.RuleTimes[ruleIndex];
        if (state.RuleEventIds.Length == 0 && (newestFirst.Count == 0 || times == 0 || size == 0))
        {
            return;
        }

        var ids = state.WritableRuleEventIds;
        Array.Clear(ids, offset, size);
        for (var k = 0; k < Math.Min(Math.Min(newestFirst.Count, size), times); k++)
        {
            ids[offset + Slot(times, k, size)] = newestFirst[k];
        }
    }

    // The slot of the k-th most recent firing (k = 0: the latest) after `times` firings.
    private static int Slot(int times, int k, int size) => ((times - 1 - k) % size + size) % size;
}
