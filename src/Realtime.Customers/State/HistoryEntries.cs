using Realtime.Contracts.V1;

namespace Realtime.Customers.State;

/// <summary>A score value from one instant on (history is coalesced: close changes overwrite the last point). Grades are derived when viewed.</summary>
public readonly record struct ScoreHistoryEntry(long At, double Score);

/// <summary>A lifecycle move and why (a rule id, "crm", "first event").</summary>
public readonly record struct StageHistoryEntry(long At, LifecycleStage From, LifecycleStage To, string Reason);

/// <summary>A segment entered or left and why.</summary>
public readonly record struct SegmentHistoryEntry(long At, string Segment, bool Entered, string Reason);

/// <summary>A recent interaction: the event's type, a one-line summary taken from it, and its id.</summary>
public readonly record struct InteractionEntry(long At, string Type, string Summary, string EventId);
