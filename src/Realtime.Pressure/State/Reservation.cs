using Realtime.Contracts.V1;

namespace Realtime.Pressure;

/// <summary>A granted slot not yet committed or released; it counts against the caps until it expires.</summary>
internal readonly record struct Reservation(
    string Token, Channel Channel, MessageKind Kind, string? Campaign, long ReservedAt, long ExpiresAt);
