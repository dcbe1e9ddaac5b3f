namespace Realtime.Pressure;

/// <summary>Which channels a complaint silences.</summary>
public enum ComplaintScope
{
    /// <summary>Every channel: someone who complains about an email does not want a call either.</summary>
    AllChannels,

    /// <summary>Only the channel complained on (an unspecified channel still means all).</summary>
    Channel,
}

/// <summary>How long the event-driven suppressions last.</summary>
public sealed class SuppressionPolicy
{
    /// <summary>Silence after a complaint. <value>Default: 30 days.</value></summary>
    public TimeSpan ComplaintSilence { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Channels a complaint silences. <value>Default: all channels.</value></summary>
    public ComplaintScope ComplaintScope { get; init; } = ComplaintScope.AllChannels;

    /// <summary>No promotion of a product for this long after it was bought at full price. <value>Default: 30 days.</value></summary>
    public TimeSpan FullPricePurchase { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Products remembered at once; the one whose suppression ends first gives way. <value>Default: 16.</value></summary>
    public int MaxProducts { get; init; } = 16;

    /// <summary>Ignored messages in a row on a channel that start a back-off on it. <value>Default: 6.</value></summary>
    public int IgnoresBeforeBackOff { get; init; } = 6;

    /// <summary>How long the back-off lasts. <value>Default: 30 days.</value></summary>
    public TimeSpan IgnoreBackOff { get; init; } = TimeSpan.FromDays(30);
}
