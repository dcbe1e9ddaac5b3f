using Realtime.Contracts.V1;

namespace Realtime.Pressure;

/// <summary>
/// What each message kind must respect. Unspecified is treated as marketing, the safest reading.
/// <list type="bullet">
/// <item>Marketing: everything (the full-price purchase rule when the request names a product).</item>
/// <item>Promotion: everything, plus the promotion caps.</item>
/// <item>Service: caps, gaps, quiet hours and suppressions, but not the promotion limits (promotion caps, recent purchase).</item>
/// <item>Transactional: passes everything marketing (caps, gaps, quiet hours, complaints, consent); only a hard bounce
/// stops it, since nothing can be delivered. It is not counted.</item>
/// </list>
/// </summary>
internal static class KindRules
{
    public static MessageKind Normalize(MessageKind kind) =>
        kind is MessageKind.Promotion or MessageKind.Transactional or MessageKind.Service ? kind : MessageKind.Marketing;

    /// <summary>Counted against caps and gaps, and subject to quiet hours.</summary>
    public static bool IsCounted(MessageKind kind) => kind != MessageKind.Transactional;

    public static bool IsPromotion(MessageKind kind) => kind == MessageKind.Promotion;

    public static bool IsStoppedBy(in SuppressionEntry suppression, MessageKind kind, string? productId) => suppression.Reason switch
    {
        DenyReason.HardBounce => true,
        DenyReason.RecentFullPricePurchase => kind is MessageKind.Marketing or MessageKind.Promotion
            && !string.IsNullOrEmpty(productId) && string.Equals(productId, suppression.ProductId, StringComparison.Ordinal),
        _ => kind != MessageKind.Transactional,
    };
}
