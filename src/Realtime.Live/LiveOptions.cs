namespace Realtime.Live;

/// <summary>
/// Settings of the live push, bound from the <c>Realtime:Live</c> configuration section
/// (e.g. <c>--Realtime:Live:PushInterval=00:00:00.5</c>) and checked at start by <see cref="LiveOptionsValidator"/>.
/// </summary>
public sealed class LiveOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Realtime:Live";

    /// <summary>
    /// How often dashboards and segment watchers get the coalesced changes. An event waits up to one interval for its
    /// push, so the interval sits well under the 100 ms event-to-push target (measured at 50,000 events/s: push p50
    /// 188 ms at 250 ms, 51 ms at 50 ms, for the same server CPU).
    /// </summary>
    /// <value>50 ms; between 10 ms and 1 minute.</value>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How often pressure changes are batched out to pressure subscribers.</summary>
    /// <value>50 ms; between 1 ms and 10 s.</value>
    public TimeSpan PressureInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Messages waiting for one dashboard client. When full, the backlog is replaced by a fresh snapshot; after
    /// <see cref="MaxConsecutiveResnapshots"/> such replacements without the client taking a message, it is dropped.
    /// </summary>
    /// <value>16; between 2 and 10,000.</value>
    public int DashboardClientQueueCapacity { get; set; } = 16;

    /// <summary>Backlog replacements in a row (with no message delivered in between) before a dashboard client is dropped.</summary>
    /// <value>3; between 0 and 100.</value>
    public int MaxConsecutiveResnapshots { get; set; } = 3;

    /// <summary>Batches waiting for one pressure subscriber. When full, the subscriber is dropped (aborted): pressure changes are never skipped silently.</summary>
    /// <value>256; between 1 and 100,000.</value>
    public int PressureClientQueueCapacity { get; set; } = 256;

    /// <summary>Pressure changes waiting between two pressure batches, for all subscribers together. Overflow is counted and logged.</summary>
    /// <value>65,536; between 16 and 10,000,000.</value>
    public int PressureFeedCapacity { get; set; } = 65_536;

    /// <summary>Updates waiting for one <see cref="LiveFeed.SubscribeSegments"/> reader. When full, the subscription ends with <see cref="LiveSubscriptionOverflowException"/>.</summary>
    /// <value>1,024; between 16 and 1,000,000.</value>
    public int SegmentSubscriptionCapacity { get; set; } = 1_024;

    /// <summary>Customers one dashboard client may watch at once.</summary>
    /// <value>64; between 1 and 10,000.</value>
    public int MaxWatchesPerClient { get; set; } = 64;

    /// <summary>Changed, watched customers fetched per push; the rest wait for the next push.</summary>
    /// <value>512; between 1 and 100,000.</value>
    public int MaxCustomerViewsPerPush { get; set; } = 512;

    /// <summary>Largest message a client may send (hub method calls are small: ids and channel names).</summary>
    /// <value>8 KB; between 1 KB and 1 MB.</value>
    public long MaximumReceiveMessageSize { get; set; } = 8 * 1024;

    /// <summary>The server pings an idle connection this often (SignalR's HubOptions.KeepAliveInterval).</summary>
    /// <value>15 s; at most half of <see cref="ClientTimeoutInterval"/>.</value>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A connection that sent nothing (not even a ping) for this long is closed.</summary>
    /// <value>30 s.</value>
    public TimeSpan ClientTimeoutInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time a new connection has to complete the SignalR handshake.</summary>
    /// <value>15 s.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Where the dashboard hub is mapped.</summary>
    /// <value><c>/hubs/dashboard</c>.</value>
    public string DashboardPath { get; set; } = "/hubs/dashboard";

    /// <summary>Where the pressure hub is mapped.</summary>
    /// <value><c>/hubs/pressure</c>.</value>
    public string PressurePath { get; set; } = "/hubs/pressure";
}
