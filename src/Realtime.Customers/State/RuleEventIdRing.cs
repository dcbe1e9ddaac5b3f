using Realtime.Customers.Rules;

namespace Realtime.Customers.State;

/// <summary>
/// The ids of the latest events that fired each event rule: a ring of <c>limits.event_ids_per_rule</c> slots per rule,
/// the n-th firing (1-based, <see cref="CustomerState.RuleTimes"/>) in slot (n - 1) mod size.
/// </summary>
internal static class RuleEventIdRing
{
    public static void Add(CustomerState state, ScoringRule rule, int times, string eventId)
    {
        var size = state.Ruleset.Limits.EventIdsPerRule;
        state.RuleEventIds[(rule.EventOrdinal * size) + ((times - 1) % size)] = eventId;
    }

    /// <summary>The <paramref name="count"/> (at most) most recent ids, newest first.</summary>
    public static IEnumerable<string> Newest(CustomerState state, ScoringRule rule, int ruleIndex, int count)
    {
        var size = state.Ruleset.Limits.EventIdsPerRule;
        var times = state.RuleTimes[ruleIndex];
        for (var i = 0; i < Math.Min(Math.Min(times, size), count); i++)
        {
            var slot = ((times - 1 - i) % size + size) % size;
            if (state.RuleEventIds[(rule.EventOrdinal * size) + slot] is { } id)
            {
                yield return id;
            }
        }
    }

    /// <summary>Rewrites a rule's ring from ids newest first, for its current firing count (after a move or a merge).</summary>
    public static void Replace(CustomerState state, ScoringRule rule, int ruleIndex, IReadOnlyList<string> newestFirst)
    {
        var size = state.Ruleset.Limits.EventIdsPerRule;
        var times = state.RuleTimes[ruleIndex];
        Array.Clear(state.RuleEventIds, rule.EventOrdinal * size, size);
        for (var k = 0; k < Math.Min(Math.Min(newestFirst.Count, size), times); k++)
        {
            state.RuleEventIds[(rule.EventOrdinal * size) + (((times - 1 - k) % size + size) % size)] = newestFirst[k];
        }
    }
}
