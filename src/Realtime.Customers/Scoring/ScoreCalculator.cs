using Realtime.Customers.Rules;
using Realtime.Customers.State;

namespace Realtime.Customers.Scoring;

/// <summary>
/// Rule points → group caps (and floors) → total cap → decay. Decay is stepwise: every full decay period since the
/// last contact, the positive points of the decaying groups lose a percentage (compounded); the removed amount is
/// rounded to cents. Everything here is recomputed from the rule counters, so caps and decay never drift.
/// </summary>
internal static class ScoreCalculator
{
    public static double RulePoints(CustomerState state, int ruleIndex, long now)
    {
        var rule = state.Ruleset.Rules[ruleIndex];
        if (!rule.IsEventRule)
        {
            return state.RuleTimes[ruleIndex] != 0 ? rule.Points : 0;
        }

        var times = TimesCounted(state, rule, ruleIndex, now);
        return times == 0 ? 0 : rule.Points * Math.Min(times, rule.MaxTimes);
    }

    /// <summary>How many firings count now: all of them, or those inside the rule's window.</summary>
    public static int TimesCounted(CustomerState state, ScoringRule rule, int ruleIndex, long now) =>
        rule.WithinMs > 0
            ? EventHistory.CountInWindow(state.RuleFireRing, rule.FireOffset, rule.FireCapacity, now, rule.WithinMs)
            : state.RuleTimes[ruleIndex];

    public static double GroupRaw(CustomerState state, ScoringGroup group, long now)
    {
        var raw = 0.0;
        foreach (var ruleIndex in group.RuleIndexes)
        {
            raw += RulePoints(state, ruleIndex, now);
        }

        return raw;
    }

    public static double GroupPoints(ScoringGroup group, double raw) => Math.Max(group.Floor, Math.Min(group.Cap, raw));

    public static ScoreTotals Compute(CustomerState state, long now)
    {
        var ruleset = state.Ruleset;
        var groupsTotal = 0.0;
        var decayable = 0.0;
        foreach (var group in ruleset.Groups)
        {
            var points = GroupPoints(group, GroupRaw(state, group, now));
            groupsTotal += points;
            if (group.Decays && points > 0)
            {
                decayable += points;
            }
        }

        var clipped = groupsTotal > ruleset.TotalCap ? groupsTotal - ruleset.TotalCap : 0;
        var decayRemoved = DecayRemoved(state, now, decayable, groupsTotal - clipped);
        return new ScoreTotals(groupsTotal, clipped, decayRemoved, groupsTotal - clipped - decayRemoved);
    }

    private static double DecayRemoved(CustomerState state, long now, double decayable, double afterCap)
    {
        var decay = state.Ruleset.Decay;
        var steps = DecaySteps(state, now);
        if (decay is null || steps == 0 || decayable <= 0 || afterCap <= 0)
        {
            return 0;
        }

        // Decay takes a share of the decaying groups' points, never more than what the caps left.
        var factor = Math.Pow(1 - (decay.Percent / 100), steps);
        return Math.Min(Math.Round(decayable * (1 - factor), 2, MidpointRounding.AwayFromZero), afterCap);
    }

    public static int DecaySteps(CustomerState state, long now)
    {
        var decay = state.Ruleset.Decay;
        var last = state.TypeLast[state.Ruleset.Types.AnyIndex];
        if (decay is null || last == CustomerState.Empty || now <= last)
        {
            return 0;
        }

        return (int)Math.Min((now - last) / decay.EveryMs, decay.MaxSteps);
    }

    /// <summary>The next decay step, or <see cref="long.MaxValue"/> when nothing decays.</summary>
    public static long NextDecayStep(CustomerState state, long now)
    {
        var decay = state.Ruleset.Decay;
        var last = state.TypeLast[state.Ruleset.Types.AnyIndex];
        if (decay is null || last == CustomerState.Empty || state.Ruleset.DecayingGroups.Length == 0)
        {
            return long.MaxValue;
        }

        var steps = DecaySteps(state, now);
        return steps >= decay.MaxSteps ? long.MaxValue : last + ((steps + 1) * decay.EveryMs);
    }
}
