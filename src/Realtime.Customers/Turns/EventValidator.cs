using System.Globalization;
using Realtime.Contracts.V1;

namespace Realtime.Customers.Turns;

/// <summary>Rejects events that cannot be applied, with a reason; unknown types are valid (they are kept and countable).</summary>
public static class EventValidator
{
    public static (RejectionReason Reason, string? Message) Validate(Event @event, long now, long maxFutureSkewMs)
    {
        if (string.IsNullOrEmpty(@event.EventId))
        {
            return (RejectionReason.MissingEventId, "event_id is required");
        }

        if (string.IsNullOrEmpty(@event.CustomerId) && string.IsNullOrEmpty(@event.AnonymousId))
        {
            return (RejectionReason.MissingCustomer, "customer_id or anonymous_id is required");
        }

        if (@event.OccurredAt is null)
        {
            return (RejectionReason.MissingTimestamp, "occurred_at is required");
        }

        if (ToUnixMs(@event.OccurredAt) > now + maxFutureSkewMs)
        {
            return (RejectionReason.TimestampInFuture, "occurred_at is too far in the future");
        }

        if (@event.PayloadCase == Event.PayloadOneofCase.Purchase && !(@event.Purchase.Amount >= 0 && double.IsFinite(@event.Purchase.Amount)))
        {
            return (RejectionReason.NegativeAmount, string.Create(CultureInfo.InvariantCulture, $"purchase.amount must be a finite number, not negative (was {@event.Purchase.Amount})"));
        }

        if (PayloadValues.FirstInvalid(@event) is { } invalid)
        {
            return (RejectionReason.InvalidValue, invalid);
        }

        if (@event.PayloadCase == Event.PayloadOneofCase.None && string.IsNullOrEmpty(@event.Type))
        {
            return (RejectionReason.MissingType, "type is required for an event without a typed payload");
        }

        return (RejectionReason.None, null);
    }

    public static long ToUnixMs(Google.Protobuf.WellKnownTypes.Timestamp timestamp) =>
        (timestamp.Seconds * 1000) + (timestamp.Nanos / 1_000_000);
}
