using Realtime.Contracts.V1;
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
        var rule = state.Ruleset.Rules[ruleIndex];
        var contribution = new RuleContribution
        {
            RuleId = rule.Id,
            Description = rule.Description,
            Points = ScoreCalculator.RulePoints(state, ruleIndex, now),
        };
        if (!rule.IsEventRule)
        {
            contribution.Times = state.RuleTimes[ruleIndex] != 0 ? 1 : 0;
            return contribution;
        }

        contribution.Times = ScoreCalculator.TimesCounted(state, rule, ruleIndex, now);
        var perRule = state.Ruleset.Limits.EventIdsPerRule;
        var times = state.RuleTimes[ruleIndex];
        for (var i = 0; i < Math.Min(times, perRule); i++)
        {
            var slot = ((times - 1 - i) % perRule + perRule) % perRule;
            if (state.RuleEventIds[(rule.EventOrdinal * perRule) + slot] is { } id)
            {
                contribution.EventIds.Add(id);
            }
        }

        return contribution;
    }
}
