namespace Realtime.Pressure;

/// <summary>What a customer's state remembers per channel; created on first use so untouched channels cost nothing.</summary>
internal sealed class ChannelLedger
{
    /// <summary>Recent counted contacts; null while the channel has none or no caps.</summary>
    public ContactLog? Log { get; set; }

    /// <summary>The latest counted contact (UTC ticks), for the minimum gap; 0 for none.</summary>
    public long LastContact { get; set; }

    /// <summary>Adaptive-cap steps below normal (0 = normal).</summary>
    public int Level { get; set; }

    /// <summary>Ignored messages in a row.</summary>
    public int IgnoreRun { get; set; }

    /// <summary>The status last pushed to pressure subscribers.</summary>
    public PublishedStatus Published { get; set; } = PublishedStatus.Allowed;
}

/// <summary>A channel's state as subscribers last saw it; Until is 0 for none and long.MaxValue for never.</summary>
internal readonly record struct PublishedStatus(bool AllowedNow, Contracts.V1.DenyReason Reason, long Until)
{
    public static readonly PublishedStatus Allowed = new(true, Contracts.V1.DenyReason.Unspecified, 0);
}
