using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;

namespace Realtime.Pressure;

/// <summary>
/// The answer to a contact request: granted with a reservation, or denied with the binding reason and the earliest
/// instant a request like it would be granted if nothing else happened (pending reservations expiring unused).
/// A plain value: the only allocation of a grant is its token; the detail text is built on demand.
/// </summary>
public readonly struct PressureDecision
{
    private readonly Verdict _verdict;
    private readonly string _zoneId;

    private PressureDecision(string token, DateTimeOffset expiresAt)
    {
        ReservationToken = token;
        ReservationExpiresAt = expiresAt;
        _verdict = Verdict.Allowed;
        _zoneId = "";
    }

    private PressureDecision(Verdict verdict, string zoneId)
    {
        _verdict = verdict;
        _zoneId = zoneId;
    }

    public bool Granted => ReservationToken is not null;

    /// <summary>The reservation to commit or release; null when denied.</summary>
    public string? ReservationToken { get; }

    /// <summary>When the reservation frees its slot by itself; null when denied.</summary>
    public DateTimeOffset? ReservationExpiresAt { get; }

    /// <summary>Why not; unspecified when granted.</summary>
    public DenyReason Reason => _verdict.Reason;

    /// <summary>When it could be granted at the earliest; null when granted, or never (until an event lifts it).</summary>
    public DateTimeOffset? EarliestAt =>
        Granted || _verdict.Earliest == SuppressionEntry.Never ? null : new DateTimeOffset(_verdict.Earliest, TimeSpan.Zero);

    /// <summary>Human-readable detail, e.g. "email cap of 2 per day reached".</summary>
    public string Detail => Granted ? "granted" : _verdict.Describe(_zoneId);

    internal static PressureDecision Grant(string token, DateTimeOffset expiresAt) => new(token, expiresAt);

    internal static PressureDecision Deny(Verdict verdict, string zoneId) => new(verdict, zoneId);

    /// <summary>The public API's message.</summary>
    public ContactDecision ToContract()
    {
        var decision = new ContactDecision { Granted = Granted, Reason = Reason, Detail = Detail };
        if (ReservationToken is not null)
        {
            decision.ReservationToken = ReservationToken;
            decision.ReservationExpiresAt = Timestamp.FromDateTimeOffset(ReservationExpiresAt!.Value);
        }

        if (EarliestAt is { } earliest)
        {
            decision.EarliestAt = Timestamp.FromDateTimeOffset(earliest);
        }

        return decision;
    }

    public override string ToString() => Granted ? $"granted {ReservationToken} until {ReservationExpiresAt:O}" : $"denied {Reason}: {Detail} (earliest {EarliestAt:O})";
}
