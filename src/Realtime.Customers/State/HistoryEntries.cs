using Realtime.Contracts.V1;

namespace Realtime.Customers.State;

/// <summary>A score value from one instant on (whole seconds; see <see cref="ScoreTimeline"/>). Grades are derived when viewed.</summary>
public readonly record struct ScoreHistoryEntry(long At, double Score);

/// <summary>A lifecycle move and why (a rule id, "crm", "first event"); <see cref="At"/> in whole seconds.</summary>
public readonly record struct StageHistoryEntry(long At, LifecycleStage From, LifecycleStage To, string Reason);

/// <summary>A segment entered or left and why.</summary>
public readonly record struct SegmentHistoryEntry(long At, string Segment, bool Entered, string Reason);

/// <summary>A recent interaction: the event's type, a one-line summary taken from it, and its id.</summary>
public readonly record struct InteractionEntry(long At, string Type, string Summary, string EventId);

/// <summary>How a stage move is kept in the actor: 16 bytes (seconds, two stage bytes, the shared reason string).</summary>
internal readonly struct StageMove(long atMs, LifecycleStage from, LifecycleStage to, string reason)
{
    private readonly int _seconds = HistorySeconds.FromUnixMs(atMs);
    private readonly byte _from = (byte)from;
    private readonly byte _to = (byte)to;
    private readonly string _reason = reason;

    public StageHistoryEntry ToEntry() =>
        new(HistorySeconds.ToUnixMs(_seconds), (LifecycleStage)_from, (LifecycleStage)_to, _reason);
}
