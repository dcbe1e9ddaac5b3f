using Realtime.Contracts.V1;
using Realtime.Customers.Rules;

namespace Realtime.Customers.Preview;

/// <summary>
/// Warnings for a candidate ruleset against the active one. A customer keeps counters only for the event types the
/// active ruleset reads (and timestamps only as many as its windows need), so a candidate that reads a type the
/// active ruleset did not track counts that type from the publish on: past events of it count 0 (they still count
/// in <c>any</c>). The same holds for windowed counts that need more timestamps than the active ruleset kept.
/// </summary>
public static class TrackingWarnings
{
    public const string Section = "event types";

    /// <summary>Types the candidate reads that the active ruleset did not track, in the candidate's order.</summary>
    public static IReadOnlyList<string> Untracked(CompiledRuleset candidate, CompiledRuleset active)
    {
        var types = new List<string>();
        for (var i = 0; i < candidate.Types.Count; i++)
        {
            var name = candidate.Types.NameOf(i);
            if (active.Types.IndexOf(name) < 0)
            {
                types.Add(name);
            }
        }

        return types;
    }

    /// <summary>Tracked types whose windows in the candidate need more recent timestamps than the active ruleset kept.</summary>
    public static IReadOnlyList<string> Shallower(CompiledRuleset candidate, CompiledRuleset active)
    {
        var types = new List<string>();
        for (var i = 0; i < candidate.Types.Count; i++)
        {
            var name = candidate.Types.NameOf(i);
            var activeIndex = active.Types.IndexOf(name);
            if (activeIndex >= 0 && candidate.Types.CapacityOf(i) > active.Types.CapacityOf(activeIndex))
            {
                types.Add(name);
            }
        }

        return types;
    }

    /// <summary>Adds the warnings (none when the candidate reads nothing new) to a validation result.</summary>
    public static ValidationResult AddTo(ValidationResult result, CompiledRuleset candidate, CompiledRuleset active)
    {
        var untracked = Untracked(candidate, active);
        if (untracked.Count > 0)
        {
            result.Warnings.Add(new Contracts.V1.RuleError
            {
                Rule = Section,
                Message = $"The active ruleset (v{active.Version}) does not track {Quote(untracked)}: customers hold no count of "
                    + "past events of these types, so their counts start from the publish (count() is 0, days_since() unknown until the next such event).",
            });
        }

        var shallower = Shallower(candidate, active);
        if (shallower.Count > 0)
        {
            result.Warnings.Add(new Contracts.V1.RuleError
            {
                Rule = Section,
                Message = $"The active ruleset (v{active.Version}) keeps fewer recent timestamps of {Quote(shallower)} than this "
                    + "candidate's windows need: windowed counts of past events see only those kept, and are complete from the publish on.",
            });
        }

        return result;
    }

    private static string Quote(IReadOnlyList<string> types) => string.Join(", ", types.Select(t => $"'{t}'"));
}
