namespace Realtime.Pressure;

/// <summary>
/// A daily window, in the customer's own time, with no marketing contact: from <see cref="Start"/> (inclusive)
/// to <see cref="End"/> (exclusive), wrapping past midnight when End is earlier than Start.
/// Equal ends mean no quiet hours.
/// </summary>
public sealed record QuietHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>No quiet hours.</summary>
    public static readonly QuietHours None = new(TimeOnly.MinValue, TimeOnly.MinValue);

    public bool IsEmpty => Start == End;

    /// <summary>Whether a local time of day falls inside the window.</summary>
    public bool Contains(TimeOnly localTime) =>
        Start < End
            ? localTime >= Start && localTime < End
            : Start > End && (localTime >= Start || localTime < End);

    public override string ToString() => IsEmpty ? "none" : $"{Start:HH\\:mm}-{End:HH\\:mm}";
}
