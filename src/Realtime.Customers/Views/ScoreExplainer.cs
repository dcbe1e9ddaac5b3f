using Realtime.Contracts.V1;
using Realtime.Customers.Expressions;
using Realtime.Customers.Scoring;
using Realtime.Customers.State;

namespace Realtime.Customers.Views;

/// <summary>
/// The score's ledger (Customers.Explain): each rule's points and the events that fired it, what each group cap
/// clipped, what the total cap clipped, what decay removed. Built with the same arithmetic as the turn, in the same
/// order, so <c>score = groups_total - clipped_by_total_cap - decay_removed</c> and the score equals the stored one.
/// </summary>
public static class ScoreExplainer
{
    public static ScoreExplanation Explain(CustomerState state, DateTimeOffset asOf)
    {
        var now = asOf.ToUnixTimeMilliseconds();
        var ruleset = state.Ruleset;
        var totals = ScoreCalculator.Compute(state, now);
        var explanation = new ScoreExplanation
        {
            CustomerId = state.CustomerId,
            RulesetVersion = ruleset.Version,
            GroupsTotal = totals.GroupsTotal,
            TotalCap = ruleset.TotalCap,
            ClippedByTotalCap = totals.ClippedByTotalCap,
            DecayRemoved = totals.DecayRemoved,
            Score = totals.Score,
            Grade = ruleset.GradeFor(totals.Score),
            AsOf = Timestamps.FromUnixMs(now),
        };

        foreach (var group in ruleset.Groups)
        {
            var raw = ScoreCalculator.GroupRaw(state, group, now);
            var points = ScoreCalculator.GroupPoints(group, raw);
            var groupExplanation = new GroupExplanation
            {
                Group = group.Id,
                RawPoints = raw,
                Cap = group.Cap,
                Clipped = raw - points > 0 ? raw - points : 0,
                Points = points,
            };
            foreach (var ruleIndex in group.RuleIndexes)
            {
                groupExplanation.Rules.Add(Contribution(state, ruleIndex, now));
            }

            explanation.Groups.Add(groupExplanation);
        }

        return explanation;
    }

    private static RuleContribution Contribution(CustomerState state, int ruleIndex, long now)
    {
        var ruleset = state.Ruleset;
        var rule = ruleset.Rules[ruleIndex];
        var contribution = new RuleContribution
        {
            RuleId = rule.Id,
            Description = rule.Description,
            Points = ScoreCalculator.RulePoints(state, ruleIndex, now),
        };
        if (!rule.IsEventRule)
        {
            contribution.Times = state.RuleTimes[ruleIndex] != 0 ? 1 : 0;
            if (contribution.Times != 0 && ConditionEventId(state, ruleIndex) is { } conditionEvent)
            {
                contribution.EventIds.Add(conditionEvent);
            }

            return contribution;
        }

        contribution.Times = ScoreCalculator.TimesCounted(state, rule, ruleIndex, now);

        // The most recent firings that still count (a window counts fewer than fired), newest first.
        contribution.EventIds.AddRange(RuleEventIdRing.Newest(state, ruleIndex, contribution.Times));

        return contribution;
    }

    /// <summary>
    /// The event in whose turn a condition rule became true; when time, a publish or a merge made it true, the last
    /// event that changed the traits, if the condition reads traits.
    /// </summary>
    private static string? ConditionEventId(CustomerState state, int ruleIndex)
    {
        var ruleset = state.Ruleset;
        var ordinal = Array.IndexOf(ruleset.ConditionRules, ruleIndex);
        return state.ConditionEventIdAt(ordinal)
            ?? ((ruleset.Rules[ruleIndex].Condition!.Reads & ReadSet.Traits) != 0 ? state.LastTraitsEventId : null);
    }
}
