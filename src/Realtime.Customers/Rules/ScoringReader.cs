using Realtime.Customers.Expressions;
using YamlDotNet.RepresentationModel;

namespace Realtime.Customers.Rules;

/// <summary>Reads the <c>scoring:</c> section: total cap, decay, groups and their rules.</summary>
internal static class ScoringReader
{
    public static void Read(YamlErrors errors, RulesetParts parts, YamlNode? node)
    {
        if (node is null)
        {
            return;
        }

        var map = errors.Mapping(node, "scoring", "total_cap", "decay", "groups");
        parts.TotalCap = errors.Number(map, "total_cap", "scoring.total_cap") ?? 100;
        var ruleIds = new HashSet<string>(StringComparer.Ordinal);
        var groups = YamlErrors.Get(map, "groups");
        if (groups is not null)
        {
            foreach (var item in errors.Sequence(groups, "scoring.groups"))
            {
                ReadGroup(errors, parts, item, ruleIds);
            }
        }

        var decay = YamlErrors.Get(map, "decay");
        if (decay is not null)
        {
            ReadDecay(errors, parts, decay);
        }
    }

    private static void ReadDecay(YamlErrors errors, RulesetParts parts, YamlNode node)
    {
        const string rule = "scoring.decay";
        var map = errors.Mapping(node, rule, "every", "percent", "groups");
        var every = errors.Duration(map, "every", rule, required: true);
        var percent = errors.Number(map, "percent", rule, required: true);
        if (percent is < 0 or > 100)
        {
            errors.Add(YamlErrors.Get(map, "percent")!, rule, "'percent' must be between 0 and 100");
        }

        foreach (var group in errors.Strings(map, "groups", rule))
        {
            var index = parts.Groups.FindIndex(g => g.Id == group);
            if (index < 0)
            {
                errors.Add(YamlErrors.Get(map, "groups")!, rule, $"unknown scoring group '{group}'");
            }
            else
            {
                parts.Groups[index] = parts.Groups[index] with { Decays = true };
            }
        }

        if (every is not null && percent is not null)
        {
            parts.Decay = new DecaySettings(every.Value, percent.Value);
        }
    }

    private static void ReadGroup(YamlErrors errors, RulesetParts parts, YamlNode node, HashSet<string> ruleIds)
    {
        var map = errors.Mapping(node, "scoring.groups", "id", "description", "cap", "floor", "rules");
        var id = errors.Text(map, "id", "scoring.groups", required: true) ?? "";
        var groupRule = $"scoring.{id}";
        if (parts.Groups.Any(g => g.Id == id))
        {
            errors.Add(node, groupRule, $"group '{id}' is defined twice");
        }

        var cap = errors.Number(map, "cap", groupRule) ?? double.PositiveInfinity;
        var floor = errors.Number(map, "floor", groupRule) ?? double.NegativeInfinity;
        var groupIndex = parts.Groups.Count;
        var ruleIndexes = new List<int>();
        var rules = YamlErrors.Get(map, "rules");
        if (rules is not null)
        {
            foreach (var item in errors.Sequence(rules, groupRule))
            {
                var index = ReadRule(errors, parts, item, id, groupIndex, ruleIds);
                if (index >= 0)
                {
                    ruleIndexes.Add(index);
                }
            }
        }

        parts.Groups.Add(new ScoringGroup(id, errors.Text(map, "description", groupRule) ?? "", cap, floor, false, [.. ruleIndexes]));
    }

    private static int ReadRule(YamlErrors errors, RulesetParts parts, YamlNode node, string group, int groupIndex, HashSet<string> ruleIds)
    {
        var map = errors.Mapping(node, $"scoring.{group}", "id", "description", "on", "when", "points", "max_times", "within");
        var id = errors.Text(map, "id", $"scoring.{group}", required: true) ?? "";
        var rule = $"scoring.{group}.{id}";
        if (id.Length > 0 && !ruleIds.Add(id))
        {
            errors.Add(node, rule, $"rule '{id}' is defined twice");
        }

        var on = errors.Text(map, "on", rule);
        var points = errors.Number(map, "points", rule, required: true);
        var maxTimes = errors.PositiveInt(map, "max_times", rule);
        var within = errors.Duration(map, "within", rule);
        var condition = errors.Expression(map, "when", rule, RulesetLoader.Scope(parts, eventFields: on is not null), required: on is null);
        if (on is null && (maxTimes is not null || within is not null))
        {
            errors.Add(node, rule, "'max_times' and 'within' apply to event rules (with 'on:')");
        }

        if (on is not null && !RulesetLoader.IsKnownOrOpenType(on))
        {
            errors.Add(YamlErrors.Get(map, "on")!, rule, $"'{on}' is not an event type name");
        }

        if (points is null || (on is null && condition is null))
        {
            return -1;
        }

        var onIndex = on is null ? -1 : parts.Types.Register(on);
        var fireCapacity = within is null ? 0 : Math.Min(maxTimes ?? 16, EventTypeTable.MaxCapacity);
        var fireOffset = parts.Rules.Sum(r => r.FireCapacity);
        var eventOrdinal = on is null ? -1 : parts.Rules.Count(r => r.IsEventRule);
        parts.Rules.Add(new ScoringRule(id, errors.Text(map, "description", rule) ?? "", groupIndex, points.Value, on, onIndex,
            condition, maxTimes ?? int.MaxValue, within ?? 0, fireOffset, fireCapacity, eventOrdinal));
        return parts.Rules.Count - 1;
    }
}
