using Realtime.Customers.Expressions;
using Realtime.Customers.Scoring;
using Realtime.Customers.State;

namespace Realtime.Customers.Turns;

/// <summary>
/// The customer's next due time: the earliest instant any time condition can flip — condition rules, event-rule
/// windows, decay steps, the lifecycle rules that apply from the current stage, segments and tiers.
/// </summary>
internal static class DueTime
{
    public static long Compute(CustomerState state, EvaluationContext context)
    {
        var ruleset = state.Ruleset;
        var now = context.Now;
        var due = ScoreCalculator.NextDecayStep(state, now);
        for (var i = 0; i < ruleset.Rules.Length; i++)
        {
            var rule = ruleset.Rules[i];
            if (rule.Condition is { IsTimeDependent: true } condition && !rule.IsEventRule)
            {
                due = Math.Min(due, condition.NextChange(context));
            }
            else if (rule.FireCapacity > 0)
            {
                due = Math.Min(due, EventHistory.NextExit(state.RuleFireRing, rule.FireOffset, rule.FireCapacity, now, rule.WithinMs));
            }
        }

        foreach (var rule in ruleset.LifecycleRules)
        {
            if (rule.Condition.IsTimeDependent && rule.AppliesFrom(state.Stage))
            {
                due = Math.Min(due, rule.Condition.NextChange(context));
            }
        }

        foreach (var segment in ruleset.Segments)
        {
            if (segment.Condition.IsTimeDependent)
            {
                due = Math.Min(due, segment.Condition.NextChange(context));
            }
        }

        foreach (var tier in ruleset.Tiers)
        {
            if (tier.Condition is { IsTimeDependent: true } condition)
            {
                due = Math.Min(due, condition.NextChange(context));
            }
        }

        return due;
    }
}
