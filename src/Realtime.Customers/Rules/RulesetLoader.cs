using Realtime.Contracts.V1;
using Realtime.Customers.Expressions;
using Realtime.Customers.Lifecycle;
using Realtime.Customers.State;
using Realtime.Customers.Turns;
using Realtime.Customers.Value;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Realtime.Customers.Rules;

/// <summary>
/// Reads, validates and compiles a ruleset document. Every problem is reported (not only the first), each with the
/// YAML line and column and the rule it is in; unknown fields and functions are errors.
/// </summary>
public static class RulesetLoader
{
    private static readonly string[] RootFields = ["version", "scoring", "grades", "tiers", "lifecycle", "segments", "interests", "value", "limits", "contact_pressure"];

    /// <summary>Validates and compiles. <paramref name="version"/> overrides the document's <c>version:</c> (the server numbers published versions).</summary>
    public static RulesetLoadResult Load(string yaml, long? version = null)
    {
        var errors = new YamlErrors();
        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode as YamlMappingNode;
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, "document", e.InnerException?.Message ?? e.Message);
            return new RulesetLoadResult(null, errors.Errors);
        }

        if (root is null)
        {
            errors.Errors.Add(new RuleError(1, 1, "document", "the ruleset must be a mapping with scoring, grades, segments..."));
            return new RulesetLoadResult(null, errors.Errors);
        }

        errors.Mapping(root, "document", RootFields);
        var parts = new RulesetParts { Yaml = yaml };
        var declared = errors.Number(root, "version", "version");
        parts.Version = version ?? (long)(declared ?? 1);
        parts.ContactPressure = YamlErrors.Get(root, "contact_pressure");
        ReadLimits(errors, parts, YamlErrors.Get(root, "limits"));
        ReadValue(errors, parts, YamlErrors.Get(root, "value"));
        ScoringReader.Read(errors, parts, YamlErrors.Get(root, "scoring"));
        ReadGrades(errors, parts, YamlErrors.Get(root, "grades"));
        ReadTiers(errors, parts, YamlErrors.Get(root, "tiers"));
        ReadLifecycle(errors, parts, YamlErrors.Get(root, "lifecycle"));
        ReadSegments(errors, parts, YamlErrors.Get(root, "segments"));
        ReadInterests(errors, parts, YamlErrors.Get(root, "interests"));
        if (errors.Errors.Count > 0)
        {
            return new RulesetLoadResult(null, errors.Errors);
        }

        parts.Types.RequireCapacity(parts.Types.PurchaseIndex, (int)Math.Min(EventTypeTable.MaxCapacity, parts.Value.Frequency.DefaultIfEmpty(0).Max() + 1));
        parts.Types.Seal();
        return new RulesetLoadResult(new CompiledRuleset(parts), []);
    }

    /// <summary>Loads and throws on errors (for the embedded default and tests).</summary>
    public static CompiledRuleset LoadOrThrow(string yaml, long? version = null)
    {
        var result = Load(yaml, version);
        return result.Ruleset ?? throw new InvalidOperationException("invalid ruleset:\n" + string.Join('\n', result.Errors));
    }

    internal static CompileScope Scope(RulesetParts parts, bool eventFields = false) =>
        new() { Types = parts.Types, AllowEventFields = eventFields };

    private static void ReadLimits(YamlErrors errors, RulesetParts parts, YamlNode? node)
    {
        if (node is null)
        {
            return;
        }

        var map = errors.Mapping(node, "limits", "score_history", "stage_history", "segment_history", "interactions", "event_ids_per_rule", "score_history_coalesce");
        var defaults = new RulesetLimits();
        parts.Limits = new RulesetLimits
        {
            ScoreHistory = errors.PositiveInt(map, "score_history", "limits", min: 2) ?? defaults.ScoreHistory,
            StageHistory = errors.PositiveInt(map, "stage_history", "limits") ?? defaults.StageHistory,
            SegmentHistory = errors.PositiveInt(map, "segment_history", "limits") ?? defaults.SegmentHistory,
            Interactions = errors.PositiveInt(map, "interactions", "limits") ?? defaults.Interactions,
            EventIdsPerRule = errors.PositiveInt(map, "event_ids_per_rule", "limits", max: RulesetLimits.MaxEventIdsPerRule) ?? defaults.EventIdsPerRule,
            ScoreHistoryCoalesceMs = errors.Duration(map, "score_history_coalesce", "limits") ?? defaults.ScoreHistoryCoalesceMs,
        };
    }

    private static void ReadValue(YamlErrors errors, RulesetParts parts, YamlNode? node)
    {
        if (node is null)
        {
            return;
        }

        const string rule = "value";
        var map = errors.Mapping(node, rule, "rfm_window", "recency_days", "frequency", "monetary", "lifetime_years", "margin");
        var defaults = new ValueSettings();
        parts.Value = new ValueSettings
        {
            RfmWindowMs = errors.Duration(map, "rfm_window", rule) ?? defaults.RfmWindowMs,
            RecencyDays = errors.Numbers(map, "recency_days", rule) ?? defaults.RecencyDays,
            Frequency = errors.Numbers(map, "frequency", rule) ?? defaults.Frequency,
            Monetary = errors.Numbers(map, "monetary", rule) ?? defaults.Monetary,
            LifetimeYears = errors.Number(map, "lifetime_years", rule) ?? defaults.LifetimeYears,
            Margin = errors.Number(map, "margin", rule) ?? defaults.Margin,
        };
    }

    private static void ReadGrades(YamlErrors errors, RulesetParts parts, YamlNode? node)
    {
        if (node is null)
        {
            parts.Grades.AddRange([new("A", 75), new("B", 50), new("C", 25), new("D", double.NegativeInfinity)]);
            return;
        }

        if (node is not YamlMappingNode map)
        {
            errors.Add(node, "grades", "expected grade: minimum score lines, e.g. A: 75");
            return;
        }

        foreach (var (key, value) in map.Children)
        {
            var label = (key as YamlScalarNode)?.Value ?? "";
            var min = errors.Number(map, label, $"grades.{label}", required: true);
            if (min is not null)
            {
                parts.Grades.Add(new GradeDefinition(label, min.Value));
            }
        }

        if (parts.Grades.Count == 0)
        {
            errors.Add(node, "grades", "at least one grade is required");
        }
    }

    private static void ReadTiers(YamlErrors errors, RulesetParts parts, YamlNode? node)
    {
        if (node is null)
        {
            return;
        }

        foreach (var item in errors.Sequence(node, "tiers"))
        {
            var map = errors.Mapping(item, "tiers", "id", "routing", "when");
            var id = errors.Text(map, "id", "tiers", required: true) ?? "";
            var rule = $"tiers.{id}";
            var routing = errors.Text(map, "routing", rule) ?? id;
            var condition = errors.Expression(map, "when", rule, Scope(parts), required: false);
            parts.Tiers.Add(new TierDefinition(id, routing, condition));
        }
    }

    private static void ReadLifecycle(YamlErrors errors, RulesetParts parts, YamlNode? node)
    {
        if (node is null)
        {
            return;
        }

        var map = errors.Mapping(node, "lifecycle", "initial", "rules");
        var initial = errors.Text(map, "initial", "lifecycle");
        if (initial is not null)
        {
            if (StageNames.TryParse(initial, out var stage))
            {
                parts.InitialStage = stage;
            }
            else
            {
                errors.Add(YamlErrors.Get(map, "initial")!, "lifecycle", $"unknown stage '{initial}' (lead, prospect, assured_prospect, customer, inactive)");
            }
        }

        var rules = YamlErrors.Get(map, "rules");
        if (rules is null)
        {
            return;
        }

        foreach (var item in errors.Sequence(rules, "lifecycle"))
        {
            var ruleMap = errors.Mapping(item, "lifecycle", "id", "from", "to", "when");
            var id = errors.Text(ruleMap, "id", "lifecycle", required: true) ?? "";
            var rule = $"lifecycle.{id}";
            var from = new HashSet<LifecycleStage>();
            foreach (var name in errors.Strings(ruleMap, "from", rule))
            {
                if (name == "any")
                {
                    from.UnionWith(Enum.GetValues<LifecycleStage>());
                }
                else if (StageNames.TryParse(name, out var stage))
                {
                    from.Add(stage);
                }
                else
                {
                    errors.Add(YamlErrors.Get(ruleMap, "from")!, rule, $"unknown stage '{name}'");
                }
            }

            var toName = errors.Text(ruleMap, "to", rule, required: true);
            var to = LifecycleStage.Unspecified;
            if (toName is not null && !StageNames.TryParse(toName, out to))
            {
                errors.Add(YamlErrors.Get(ruleMap, "to")!, rule, $"unknown stage '{toName}'");
            }

            var condition = errors.Expression(ruleMap, "when", rule, Scope(parts), required: true);
            if (from.Count == 0)
            {
                from.UnionWith(Enum.GetValues<LifecycleStage>());
            }

            if (condition is not null && to != LifecycleStage.Unspecified)
            {
                parts.LifecycleRules.Add(new LifecycleRule(id, from, to, condition));
            }
        }
    }

    private static void ReadSegments(YamlErrors errors, RulesetParts parts, YamlNode? node)
    {
        if (node is null)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in errors.Sequence(node, "segments"))
        {
            var map = errors.Mapping(item, "segments", "id", "name", "description", "when", "min_size", "max_stddev");
            var id = errors.Text(map, "id", "segments", required: true) ?? "";
            var rule = $"segments.{id}";
            if (id.Length > 0 && !seen.Add(id))
            {
                errors.Add(item, rule, $"segment '{id}' is defined twice");
            }

            var condition = errors.Expression(map, "when", rule, Scope(parts), required: true);
            var minSize = QualityBound(errors, map, "min_size", rule, SegmentDefinition.DefaultMinSize, wholeNumber: true);
            var maxStdDev = QualityBound(errors, map, "max_stddev", rule, SegmentDefinition.DefaultMaxStdDev, wholeNumber: false);
            if (condition is not null)
            {
                parts.Segments.Add(new SegmentDefinition(id, errors.Text(map, "name", rule) ?? id, errors.Text(map, "description", rule) ?? "", condition, (long)minSize, maxStdDev));
            }
        }

        if (parts.Segments.Count > SegmentSet.MaxSegments)
        {
            errors.Add(node, "segments", $"at most {SegmentSet.MaxSegments} segments per ruleset");
        }
    }

    /// <summary>A segment's quality bound: its default when absent, <c>none</c> to turn the flag off, else a positive number.</summary>
    private static double QualityBound(YamlErrors errors, YamlMappingNode? map, string key, string rule, double defaultValue, bool wholeNumber)
    {
        var off = wholeNumber ? 0 : double.PositiveInfinity;
        if (string.Equals(errors.Text(map, key, rule), "none", StringComparison.Ordinal))
        {
            return off;
        }

        var value = errors.Number(map, key, rule);
        if (value is null)
        {
            return defaultValue;
        }

        if (value <= 0 || (wholeNumber && value != Math.Floor(value.Value)))
        {
            errors.Add(YamlErrors.Get(map, key)!, rule, wholeNumber
                ? $"'{key}' must be a whole number of at least 1, or none (no flag)"
                : $"'{key}' must be a number above 0, or none (no flag)");
            return defaultValue;
        }

        return value.Value;
    }

    private static void ReadInterests(YamlErrors errors, RulesetParts parts, YamlNode? node)
    {
        if (node is null)
        {
            return;
        }

        foreach (var item in errors.Sequence(node, "interests"))
        {
            var map = errors.Mapping(item, "interests", "id", "on", "when", "add");
            var id = errors.Text(map, "id", "interests", required: true) ?? "";
            var rule = $"interests.{id}";
            var on = errors.Text(map, "on", rule, required: true);
            var add = errors.Text(map, "add", rule, required: true);
            var condition = errors.Expression(map, "when", rule, Scope(parts, eventFields: true), required: false);
            if (on is not null && add is not null)
            {
                parts.Interests.Add(new InterestRule(id, on, parts.Types.Register(on), condition, add));
            }
        }
    }

    internal static bool IsKnownOrOpenType(string type) => type.Length > 0 && (EventTypes.Typed.Contains(type) || type == EventTypeTable.Any || !type.Contains(' ', StringComparison.Ordinal));
}

/// <summary>The compiled ruleset, or the errors that prevented it.</summary>
public sealed record RulesetLoadResult(CompiledRuleset? Ruleset, IReadOnlyList<RuleError> Errors)
{
    public bool IsValid => Ruleset is not null;
}
