namespace Realtime.Customers.Expressions;

/// <summary>
/// What an expression reads, as bits: a few fixed inputs and one bit per event type the ruleset tracks, so a turn
/// re-evaluates only the conditions whose inputs changed.
/// </summary>
public static class ReadSet
{
    public const ulong Traits = 1UL << 0;
    public const ulong Score = 1UL << 1;
    public const ulong Grade = 1UL << 2;
    public const ulong Stage = 1UL << 3;
    /// <summary>The passage of time: set on a due wake-up, read by every time-dependent expression.</summary>
    public const ulong Time = 1UL << 4;
    /// <summary>The event being applied (event.* fields in event-triggered rules).</summary>
    public const ulong CurrentEvent = 1UL << 5;
    public const ulong Identity = 1UL << 6;
    public const ulong All = ulong.MaxValue;
    private const int FirstEventTypeBit = 8;
    private const int LastEventTypeBit = 63;

    /// <summary>The bit of a tracked event type; types past the 55th share the last bit (still correct, less selective).</summary>
    public static ulong EventType(int typeIndex) => 1UL << Math.Min(FirstEventTypeBit + typeIndex, LastEventTypeBit);
}
