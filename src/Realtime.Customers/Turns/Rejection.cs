namespace Realtime.Customers.Turns;

public enum RejectionReason
{
    None,
    MissingEventId,
    MissingCustomer,
    MissingTimestamp,
    TimestampInFuture,
    NegativeAmount,
    MissingType,
    /// <summary>A count or money field that cannot be negative is (or a number is not finite), or a date is malformed.</summary>
    InvalidValue,
}

public enum TurnOutcome
{
    /// <summary>The event was applied (or, for a wake-up or a ruleset change, the state re-evaluated).</summary>
    Accepted,
    /// <summary>The event was invalid; nothing changed. See <see cref="TurnResult.Rejection"/>.</summary>
    Rejected,
}

/// <summary>The result of a turn. Changes are in the workspace (<see cref="TurnWorkspace.Changes"/>).</summary>
/// <param name="MergeAnonymousId">
/// Set when the event identified an anonymous visitor this customer has not merged yet: the host loads that
/// visitor's state and calls <see cref="CustomerEngine.Merge"/> (merging happens once per anonymous id).
/// </param>
public readonly record struct TurnResult(TurnOutcome Outcome, RejectionReason Rejection, string? Message, string? MergeAnonymousId, long DueAt)
{
    public bool IsAccepted => Outcome == TurnOutcome.Accepted;

    /// <summary>When the host should wake this customer with no event, or null for never.</summary>
    public DateTimeOffset? Due => DueAt == long.MaxValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(DueAt);
}
