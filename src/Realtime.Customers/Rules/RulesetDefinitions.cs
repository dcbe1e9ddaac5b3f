using Realtime.Contracts.V1;
using Realtime.Customers.Expressions;

namespace Realtime.Customers.Rules;

/// <summary>A scoring group: its rules' points add up, then the group cap (and optional floor) applies.</summary>
public sealed record ScoringGroup(string Id, string Description, double Cap, double Floor, bool Decays, int[] RuleIndexes);

/// <summary>
/// A scoring rule. Without <see cref="OnType"/> it is a condition rule: it gives its points while its condition holds
/// (explicit criteria, "days since last contact"). With <see cref="OnType"/> it is an event rule: every matching event
/// gives the points, at most <see cref="MaxTimes"/> times, counting only events within <see cref="WithinMs"/> when set.
/// </summary>
public sealed record ScoringRule(
    string Id,
    string Description,
    int GroupIndex,
    double Points,
    string? OnType,
    int OnTypeIndex,
    CompiledExpression? Condition,
    int MaxTimes,
    long WithinMs,
    int FireOffset,
    int FireCapacity,
    int EventOrdinal)
{
    public bool IsEventRule => OnType is not null;
}

/// <summary>Step decay: every full <see cref="EveryMs"/> without contact, the decaying groups lose <see cref="Percent"/> of their points.</summary>
public sealed record DecaySettings(long EveryMs, double Percent, int MaxSteps = 64);

public sealed record GradeDefinition(string Label, double MinScore);

/// <summary>A routing tier for call centres; the first whose condition holds applies (no condition: always).</summary>
public sealed record TierDefinition(string Id, string Routing, CompiledExpression? Condition);

public sealed record LifecycleRule(string Id, IReadOnlySet<LifecycleStage> From, LifecycleStage To, CompiledExpression Condition)
{
    /// <summary>The stages the rule applies from, as bits (1 &lt;&lt; stage), so the turn tests them without hashing.</summary>
    public int FromMask { get; } = From.Aggregate(0, (mask, stage) => mask | (1 << (int)stage));

    public bool AppliesFrom(LifecycleStage stage) => (FromMask & (1 << (int)stage)) != 0;
}

/// <summary>
/// A dynamic segment. <see cref="MinSize"/> and <see cref="MaxStdDev"/> raise Segments.List's quality flags ("too
/// small", "too spread out"); both are on by default (see <see cref="DefaultMinSize"/>, <see cref="DefaultMaxStdDev"/>).
/// </summary>
public sealed record SegmentDefinition(string Id, string Name, string Description, CompiledExpression Condition, long MinSize, double MaxStdDev)
{
    /// <summary>Below about 30 members a segment's mean and spread of score (and a campaign's results) are noise.</summary>
    public const long DefaultMinSize = 30;

    /// <summary>
    /// On a 0–100 score, a standard deviation of 25 is what scores spread evenly over about 87 points give (range / √12):
    /// the segment spans nearly the whole scale and does not group customers of similar value.
    /// </summary>
    public const double DefaultMaxStdDev = 25;
}

/// <summary>Adds an interest to the customer when a matching event lands (e.g. a question about hiking shoes in size 43).</summary>
public sealed record InterestRule(string Id, string OnType, int OnTypeIndex, CompiledExpression? Condition, string Add);

/// <summary>
/// Bounds on the per-customer logs, which are the only history the product keeps of a customer's score, stages and
/// segment moves (the change feed publishes every change live but does not store them). Memory is the product's
/// constraint (≤ 1.5 KB per customer), so the logs are small and compact: the score timeline keeps 16 points of 8
/// bytes, recent ones dense and older ones merged (weeks to months of evolution); stage moves cost 16 bytes each.
/// </summary>
public sealed record RulesetLimits
{
    /// <summary>Points in the score timeline (at least 2); older points merge rather than drop (see <see cref="State.ScoreTimeline"/>).</summary>
    public int ScoreHistory { get; init; } = 16;
    /// <summary>The latest stage transitions kept.</summary>
    public int StageHistory { get; init; } = 8;
    public int SegmentHistory { get; init; } = 2;
    public int Interactions { get; init; } = 3;
    /// <summary>
    /// Ids of the latest events that fired each event rule, listed by Explain (1 to <see cref="MaxEventIdsPerRule"/>;
    /// a rule keeps no more than its max_times). Each kept id holds its string (about 100 bytes for a 36-character id).
    /// </summary>
    public int EventIdsPerRule { get; init; } = 3;

    /// <summary>The most event ids Explain lists per rule (customers.proto promises at most 20).</summary>
    public const int MaxEventIdsPerRule = 20;
    /// <summary>Score changes closer than this to the last history point replace it instead of adding one.</summary>
    public long ScoreHistoryCoalesceMs { get; init; } = 60_000;
}
