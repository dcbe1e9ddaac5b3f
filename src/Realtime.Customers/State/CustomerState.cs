using Realtime.Contracts.V1;
using Realtime.Customers.Rules;

namespace Realtime.Customers.State;

/// <summary>
/// One customer's live state: compact and mutable, owned by the customer's actor (one turn at a time).
/// Event history is not kept as events but as counters and bounded rings of timestamps (and purchase amounts) sized
/// from what the ruleset's windows need. Arrays are laid out by the ruleset (<see cref="Ruleset"/>); publishing a new
/// ruleset re-lays them out by type, rule and segment id.
/// </summary>
public sealed class CustomerState
{
    /// <summary>Marks an empty timestamp slot.</summary>
    internal const long Empty = long.MinValue;

    internal CustomerState(CompiledRuleset ruleset, string customerId)
    {
        Ruleset = ruleset;
        CustomerId = customerId;
        var types = ruleset.Types;
        TypeTotals = new int[types.Count];
        TypeLast = new long[types.Count];
        Array.Fill(TypeLast, Empty);
        TypeRing = ruleset.EmptyTypeRing;
        RuleTimes = new int[ruleset.Rules.Length];
        RuleFireRing = ruleset.EmptyFireRing;
        var limits = ruleset.Limits;
        ScoreHistory = new ScoreTimeline(limits.ScoreHistory);
        StageHistory = new BoundedLog<StageMove>(limits.StageHistory);
        SegmentHistory = new BoundedLog<SegmentHistoryEntry>(limits.SegmentHistory);
        Interactions = new BoundedLog<InteractionEntry>(limits.Interactions);
        Grade = ruleset.Grades.Length > 0 ? ruleset.Grades[^1].Label : "";
        DueAt = long.MaxValue;
    }

    /// <summary>The ruleset the arrays are laid out for, and the one the score was computed with.</summary>
    public CompiledRuleset Ruleset { get; internal set; }

    public string CustomerId { get; internal set; }

    /// <summary>Anonymous ids merged into this customer (each merged once).</summary>
    public IReadOnlyList<string> AnonymousIds => AnonymousIdList;

    internal string[] AnonymousIdList = [];

    public CustomerTraits Traits { get; } = new();

    /// <summary>Unix milliseconds; 0 before the first event.</summary>
    public long FirstSeenAt { get; internal set; }

    public long LastSeenAt { get; internal set; }

    /// <summary>When a turn last changed something.</summary>
    public long UpdatedAt { get; internal set; }

    public long EventCount { get; internal set; }

    public double Score { get; internal set; }

    public string Grade { get; internal set; }

    /// <summary>Index into the ruleset's tiers, or -1 when none applies.</summary>
    public int TierIndex { get; internal set; } = -1;

    public LifecycleStage Stage { get; internal set; }

    public SegmentSet Segments { get; internal set; }

    /// <summary>
    /// True when the state was loaded from a snapshot taken under another ruleset version: its score, segments and
    /// stage are still those of that version. Call <see cref="Turns.CustomerEngine.Rebind"/> before its next turn.
    /// </summary>
    public bool NeedsRebind { get; internal set; }

    /// <summary>The next instant a time condition can flip (unix ms), or <see cref="long.MaxValue"/>.</summary>
    public long DueAt { get; internal set; }

    // Per event type (ruleset.Types): all-time count, last timestamp, and the ring of recent timestamps.
    internal int[] TypeTotals;
    internal long[] TypeLast;
    internal long[] TypeRing;

    // Aligned with the purchase type's ring slots.
    internal double[] PurchaseAmounts = [];
    internal double PurchaseTotal;

    // Per scoring rule (ruleset.Rules): times fired (event rules) or 1/0 for true/false (condition rules), recent fire times and ids.
    internal int[] RuleTimes;
    internal long[] RuleFireRing;
    internal string?[] RuleEventIds = [];

    // Per condition rule (ruleset.ConditionRules order): the event in whose turn it last became true (null when time,
    // a publish or a merge made it true); and the last event that changed the traits (Explain's fallback for
    // conditions on traits).
    internal string?[] ConditionEventIds = [];
    internal string? LastTraitsEventId;

    // PurchaseAmounts, RuleEventIds and ConditionEventIds are allocated by their first write: most customers of a
    // large base never buy or fire a rule that keeps ids. An array not of the ruleset's length (unallocated, or left
    // cleared by CopyFrom) reads as all 0 / null.

    // TypeRing and RuleFireRing start as the ruleset's shared rings of empty slots, read like any other; every write
    // goes through these, which give the customer its own copy first.
    internal long[] WritableTypeRing =>
        ReferenceEquals(TypeRing, Ruleset.EmptyTypeRing) ? TypeRing = (long[])TypeRing.Clone() : TypeRing;

    internal long[] WritableRuleFireRing =>
        ReferenceEquals(RuleFireRing, Ruleset.EmptyFireRing) ? RuleFireRing = (long[])RuleFireRing.Clone() : RuleFireRing;

    internal double[] WritablePurchaseAmounts =>
        PurchaseAmounts.Length == PurchaseSlots ? PurchaseAmounts : PurchaseAmounts = new double[PurchaseSlots];

    internal string?[] WritableRuleEventIds =>
        RuleEventIds.Length == Ruleset.EventIdLength ? RuleEventIds : RuleEventIds = new string?[Ruleset.EventIdLength];

    internal string?[] WritableConditionEventIds =>
        ConditionEventIds.Length == Ruleset.ConditionRules.Length ? ConditionEventIds : ConditionEventIds = new string?[Ruleset.ConditionRules.Length];

    /// <summary>The purchase amounts laid out for the ruleset, or empty when none was recorded.</summary>
    internal double[] ReadablePurchaseAmounts => PurchaseAmounts.Length == PurchaseSlots ? PurchaseAmounts : [];

    /// <summary>Explain's event ids laid out for the ruleset, or empty when none was recorded.</summary>
    internal string?[] ReadableRuleEventIds => RuleEventIds.Length == Ruleset.EventIdLength ? RuleEventIds : [];

    internal double PurchaseAmountAt(int slot) => PurchaseAmounts.Length == PurchaseSlots ? PurchaseAmounts[slot] : 0;

    /// <summary>The event that made the condition rule at <paramref name="ordinal"/> (ConditionRules order) true, or null.</summary>
    internal string? ConditionEventIdAt(int ordinal) =>
        ConditionEventIds.Length == Ruleset.ConditionRules.Length ? ConditionEventIds[ordinal] : null;

    private int PurchaseSlots => Ruleset.Types.CapacityOf(Ruleset.Types.PurchaseIndex);

    internal ScoreTimeline ScoreHistory;
    internal BoundedLog<StageMove> StageHistory;
    internal BoundedLog<SegmentHistoryEntry> SegmentHistory;
    internal BoundedLog<InteractionEntry> Interactions;

    public bool HasSeenEvents => EventCount > 0;

    /// <summary>The kept score timeline, oldest first (recent points dense, older ones merged; see <see cref="ScoreTimeline"/>).</summary>
    public IReadOnlyList<ScoreHistoryEntry> ScoreHistoryEntries
    {
        get
        {
            var items = new ScoreHistoryEntry[ScoreHistory.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = ScoreHistory[i];
            }

            return items;
        }
    }

    public IReadOnlyList<StageHistoryEntry> StageHistoryEntries => [.. Snapshot(StageHistory).Select(m => m.ToEntry())];

    public IReadOnlyList<SegmentHistoryEntry> SegmentHistoryEntries => Snapshot(SegmentHistory);

    public IReadOnlyList<InteractionEntry> InteractionEntries => Snapshot(Interactions);

    /// <summary>How many events of a type were seen, all time (0 when the ruleset does not track the type).</summary>
    public long TotalOf(string type)
    {
        var index = Ruleset.Types.IndexOf(type);
        return index < 0 ? 0 : TypeTotals[index];
    }

    public bool IsInSegment(string segmentId)
    {
        var index = Ruleset.SegmentIndexOf(segmentId);
        return index >= 0 && Segments.Contains(index);
    }

    public string? Tier => TierIndex >= 0 ? Ruleset.Tiers[TierIndex].Id : null;

    private static T[] Snapshot<T>(in BoundedLog<T> log)
        where T : struct
    {
        var items = new T[log.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = log[i];
        }

        return items;
    }

    /// <summary>Copies everything from another state with the same layout, reusing this state's arrays (the turn's undo copy).</summary>
    internal void CopyFrom(CustomerState other)
    {
        var laidOutFor = Ruleset;
        Ruleset = other.Ruleset;
        CustomerId = other.CustomerId;
        AnonymousIdList = other.AnonymousIdList;
        Traits.CopyFromShallow(other.Traits);
        FirstSeenAt = other.FirstSeenAt;
        LastSeenAt = other.LastSeenAt;
        UpdatedAt = other.UpdatedAt;
        EventCount = other.EventCount;
        Score = other.Score;
        Grade = other.Grade;
        TierIndex = other.TierIndex;
        Stage = other.Stage;
        Segments = other.Segments;
        DueAt = other.DueAt;
        NeedsRebind = other.NeedsRebind;
        PurchaseTotal = other.PurchaseTotal;
        CopyArray(ref TypeTotals, other.TypeTotals);
        CopyArray(ref TypeLast, other.TypeLast);
        CopyShared(ref TypeRing, other.TypeRing, other.Ruleset.EmptyTypeRing, laidOutFor.EmptyTypeRing);
        CopyLazy(ref PurchaseAmounts, other.PurchaseAmounts);
        CopyArray(ref RuleTimes, other.RuleTimes);
        CopyShared(ref RuleFireRing, other.RuleFireRing, other.Ruleset.EmptyFireRing, laidOutFor.EmptyFireRing);
        CopyLazy(ref RuleEventIds, other.RuleEventIds);
        CopyLazy(ref ConditionEventIds, other.ConditionEventIds);
        LastTraitsEventId = other.LastTraitsEventId;
        ScoreHistory.CopyFrom(other.ScoreHistory);
        StageHistory.CopyFrom(other.StageHistory);
        SegmentHistory.CopyFrom(other.SegmentHistory);
        Interactions.CopyFrom(other.Interactions);
    }

    // A shared ring of empty slots is never written into: a target with its own array of the length is emptied
    // instead (the reused undo copy then stops allocating), and any other target gets its own array before a copy.
    private static void CopyShared(ref long[] target, long[] source, long[] sharedEmpty, long[] targetSharedEmpty)
    {
        var targetShared = ReferenceEquals(target, targetSharedEmpty) || ReferenceEquals(target, sharedEmpty);
        if (ReferenceEquals(source, sharedEmpty))
        {
            if (!targetShared && target.Length == source.Length)
            {
                Array.Fill(target, Empty);
            }
            else
            {
                target = source;
            }

            return;
        }

        if (targetShared)
        {
            target = new long[source.Length];
        }

        CopyArray(ref target, source);
    }

    // An unallocated source reads as all defaults: clearing keeps the target's array, so the reused undo copy does not
    // allocate when it alternates between customers with and without one.
    private static void CopyLazy<T>(ref T[] target, T[] source)
    {
        if (source.Length == 0)
        {
            Array.Clear(target);
            return;
        }

        CopyArray(ref target, source);
    }

    private static void CopyArray<T>(ref T[] target, T[] source)
    {
        if (target.Length != source.Length)
        {
            target = new T[source.Length];
        }

        Array.Copy(source, target, source.Length);
    }
}
