using Realtime.Contracts.V1;

namespace Realtime.Pressure;

/// <summary>
/// An open suppression. <see cref="Channel"/> unspecified covers every channel; <see cref="Until"/> is
/// <see cref="Never"/> for suppressions that last until lifted by an event. <see cref="Note"/> holds only what the
/// detail cannot rebuild from the rest (a campaign, a complaint's reason), to keep snapshots small.
/// </summary>
internal readonly record struct SuppressionEntry(
    DenyReason Reason, Channel Channel, long Since, long Until, string? ProductId, string? Note)
{
    public const long Never = long.MaxValue;

    public bool Covers(Channel channel) => Channel == Channel.Unspecified || Channel == channel;

    /// <summary>What <see cref="Verdict.Text"/> carries for this suppression: the product, or the note.</summary>
    public string? Subject => ProductId ?? Note;

    public string Describe() => Describe(Reason, Channel, Subject);

    /// <summary>The human-readable detail of a suppression.</summary>
    public static string Describe(DenyReason reason, Channel channel, string? subject)
    {
        var on = Channels.Name(channel);
        var note = string.IsNullOrEmpty(subject) ? "" : subject;
        return reason switch
        {
            DenyReason.Complaint => $"complaint{note}",
            DenyReason.RecentFullPricePurchase => $"bought {note} at full price",
            DenyReason.RepeatedIgnores => $"messages ignored in a row on {on}{note}",
            DenyReason.HardBounce => $"hard bounce on {on}: suppressed until the contact data changes",
            DenyReason.ConsentRevoked => $"consent{note} revoked on {on}",
            DenyReason.Unsubscribed => $"unsubscribed{note} on {on}",
            _ => reason.ToString(),
        };
    }
}
