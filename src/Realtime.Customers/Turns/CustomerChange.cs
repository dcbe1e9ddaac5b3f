using Realtime.Contracts.V1;

namespace Realtime.Customers.Turns;

public enum ChangeKind
{
    ScoreChanged,
    GradeChanged,
    StageChanged,
    SegmentEntered,
    SegmentLeft,
    TierChanged,
    /// <summary>The email (Reason "email") or phone (Reason "phone") changed: the host updates its identity index.</summary>
    IdentityChanged,
}

/// <summary>
/// One change a turn emits, for the host to publish after the turn. Strings come from the ruleset or the state
/// (no allocation); the struct is only valid until the workspace's next turn unless copied.
/// </summary>
public readonly record struct CustomerChange(
    ChangeKind Kind,
    long At,
    double OldScore = 0,
    double NewScore = 0,
    string? OldValue = null,
    string? NewValue = null,
    LifecycleStage OldStage = LifecycleStage.Unspecified,
    LifecycleStage NewStage = LifecycleStage.Unspecified,
    string? Reason = null)
{
    /// <summary>The segment id for <see cref="ChangeKind.SegmentEntered"/> and <see cref="ChangeKind.SegmentLeft"/>.</summary>
    public string? Segment => Kind is ChangeKind.SegmentEntered or ChangeKind.SegmentLeft ? NewValue : null;

    public DateTimeOffset AtTime => DateTimeOffset.FromUnixTimeMilliseconds(At);
}
