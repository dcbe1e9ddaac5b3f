using Realtime.Contracts.V1;

namespace Realtime.Pressure;

/// <summary>
/// An open suppression. <see cref="Channel"/> unspecified covers every channel; <see cref="Until"/> is
/// <see cref="SuppressionEntry.Never"/> for suppressions that last until lifted by an event.
/// </summary>
internal readonly record struct SuppressionEntry(
    DenyReason Reason, Channel Channel, long Since, long Until, string? ProductId, string Detail)
{
    public const long Never = long.MaxValue;

    public bool Covers(Channel channel) => Channel == Channel.Unspecified || Channel == channel;
}
