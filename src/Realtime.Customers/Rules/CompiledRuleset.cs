using Realtime.Contracts.V1;
using Realtime.Customers.Expressions;
using Realtime.Customers.Value;
using YamlDotNet.RepresentationModel;

namespace Realtime.Customers.Rules;

/// <summary>
/// A validated ruleset with every expression compiled, immutable and shared by all customers (thread-safe to read).
/// Build one with <see cref="RulesetLoader.Load"/>.
/// </summary>
public sealed class CompiledRuleset
{
    private readonly Dictionary<string, int> _segmentIndexes;

    internal CompiledRuleset(RulesetParts parts)
    {
        Version = parts.Version;
        Yaml = parts.Yaml;
        ContactPressure = parts.ContactPressure;
        Types = parts.Types;
        Groups = [.. parts.Groups];
        Rules = [.. parts.Rules];
        TotalCap = parts.TotalCap;
        Decay = parts.Decay;
        Grades = [.. parts.Grades.OrderByDescending(g => g.MinScore)];
        Tiers = [.. parts.Tiers];
        InitialStage = parts.InitialStage;
        LifecycleRules = [.. parts.LifecycleRules];
        Segments = [.. parts.Segments];
        Interests = [.. parts.Interests];
        Value = parts.Value;
        Limits = parts.Limits;
        _segmentIndexes = Segments.Select((s, i) => (s.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

        RulesByType = new int[Types.Count][];
        InterestsByType = new int[Types.Count][];
        for (var t = 0; t < Types.Count; t++)
        {
            RulesByType[t] = [.. Rules.Select((r, i) => (r, i)).Where(p => p.r.OnTypeIndex == t).Select(p => p.i)];
            InterestsByType[t] = [.. Interests.Select((r, i) => (r, i)).Where(p => p.r.OnTypeIndex == t).Select(p => p.i)];
        }

        ConditionRules = [.. Rules.Select((r, i) => (r, i)).Where(p => !p.r.IsEventRule).Select(p => p.i)];
        EventRuleCount = Rules.Count(r => r.IsEventRule);

        // Ids kept per event rule: the limit, but no more than the firings that can give points (max_times).
        EventIdCapacities = [.. Rules.Select(r => r.IsEventRule ? Math.Min(Limits.EventIdsPerRule, r.MaxTimes) : 0)];
        EventIdOffsets = new int[Rules.Length];
        for (var r = 1; r < Rules.Length; r++)
        {
            EventIdOffsets[r] = EventIdOffsets[r - 1] + EventIdCapacities[r - 1];
        }

        EventIdLength = EventIdCapacities.Sum();
        FireRingLength = Rules.Sum(r => r.FireCapacity);
        EmptyTypeRing = new long[Types.RingLength];
        Array.Fill(EmptyTypeRing, State.CustomerState.Empty);
        EmptyFireRing = new long[FireRingLength];
        Array.Fill(EmptyFireRing, State.CustomerState.Empty);
        TierReads = Tiers.Aggregate(0UL, (reads, tier) => reads | (tier.Condition?.Reads ?? 0));
        DecayingGroups = [.. Groups.Select((g, i) => (g, i)).Where(p => p.g.Decays).Select(p => p.i)];
    }

    public long Version { get; }

    /// <summary>The document as written, for Rules.Get.</summary>
    public string Yaml { get; }

    /// <summary>The <c>contact_pressure:</c> section, untouched; Realtime.Pressure reads it.</summary>
    public YamlNode? ContactPressure { get; }

    public EventTypeTable Types { get; }

    public ScoringGroup[] Groups { get; }

    public ScoringRule[] Rules { get; }

    public double TotalCap { get; }

    public DecaySettings? Decay { get; }

    /// <summary>Highest threshold first; the last one is the grade below every threshold.</summary>
    public GradeDefinition[] Grades { get; }

    public TierDefinition[] Tiers { get; }

    public LifecycleStage InitialStage { get; }

    public LifecycleRule[] LifecycleRules { get; }

    public SegmentDefinition[] Segments { get; }

    public InterestRule[] Interests { get; }

    public ValueSettings Value { get; }

    public RulesetLimits Limits { get; }

    internal int[][] RulesByType { get; }

    internal int[][] InterestsByType { get; }

    internal int[] ConditionRules { get; }

    internal int[] DecayingGroups { get; }

    /// <summary>Everything the tier conditions read: when none of it changed, the tier cannot have changed.</summary>
    internal ulong TierReads { get; }

    internal int EventRuleCount { get; }

    /// <summary>Per rule: where its event ids start in the state's id array, and how many it keeps.</summary>
    internal int[] EventIdOffsets { get; }

    internal int[] EventIdCapacities { get; }

    internal int EventIdLength { get; }

    internal int FireRingLength { get; }

    // Rings of empty slots, shared read-only by every state laid out for this ruleset until its first timestamp there
    // (CustomerState.WritableTypeRing / WritableRuleFireRing): most customers of a large base have none.
    internal long[] EmptyTypeRing { get; }

    internal long[] EmptyFireRing { get; }

    public int SegmentIndexOf(string id) => _segmentIndexes.TryGetValue(id, out var index) ? index : -1;

    public string GradeFor(double score)
    {
        foreach (var grade in Grades)
        {
            if (score >= grade.MinScore)
            {
                return grade.Label;
            }
        }

        return Grades.Length > 0 ? Grades[^1].Label : "";
    }

    public int GradeIndexOf(string label)
    {
        for (var i = 0; i < Grades.Length; i++)
        {
            if (Grades[i].Label == label)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>What the loader collects before the ruleset is sealed.</summary>
internal sealed class RulesetParts
{
    public long Version { get; set; } = 1;
    public string Yaml { get; set; } = "";
    public YamlNode? ContactPressure { get; set; }
    public EventTypeTable Types { get; } = new();
    public List<ScoringGroup> Groups { get; } = [];
    public List<ScoringRule> Rules { get; } = [];
    public double TotalCap { get; set; } = 100;
    public DecaySettings? Decay { get; set; }
    public List<GradeDefinition> Grades { get; } = [];
    public List<TierDefinition> Tiers { get; } = [];
    public LifecycleStage InitialStage { get; set; } = LifecycleStage.Lead;
    public List<LifecycleRule> LifecycleRules { get; } = [];
    public List<SegmentDefinition> Segments { get; } = [];
    public List<InterestRule> Interests { get; } = [];
    public ValueSettings Value { get; set; } = new();
    public RulesetLimits Limits { get; set; } = new();
}
