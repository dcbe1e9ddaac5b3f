using Realtime.Contracts.V1;

namespace Realtime.Pressure;

/// <summary>
/// The outcome of evaluating the rules for one request, without allocating: the binding reason (unspecified when
/// allowed), the earliest instant (UTC ticks, <see cref="SuppressionEntry.Never"/> for never) and what the detail needs.
/// </summary>
internal readonly record struct Verdict(
    DenyReason Reason, long Earliest, Channel Channel, int Cap, int NormalCap, TimeSpan Window, string? Text, QuietHours? Quiet = null)
{
    public static readonly Verdict Allowed = new(DenyReason.Unspecified, 0, Channel.Unspecified, 0, 0, TimeSpan.Zero, null);

    public bool IsAllowed => Reason == DenyReason.Unspecified;

    /// <summary>A human-readable explanation, built only when asked for.</summary>
    public string Describe(string zoneId)
    {
        return Reason switch
        {
            DenyReason.Unspecified => "allowed",
            DenyReason.ChannelCap => $"{Channels.Name(Channel)} cap of {Cap} per {WindowName(Window)} reached"
                + (Cap < NormalCap ? $" (lowered from {NormalCap} after ignored messages)" : ""),
            DenyReason.GlobalCap => $"{Text ?? "cap"} of {Cap} per {WindowName(Window)} across channels reached",
            DenyReason.MinimumGap => Channel == Channel.Unspecified
                ? $"contacts on any channels must be {Durations.Format(Window)} apart"
                : $"{Channels.Name(Channel)} contacts must be {Durations.Format(Window)} apart",
            DenyReason.QuietHours => $"quiet hours {Quiet} on {Channels.Name(Channel)} in {zoneId}",
            _ => SuppressionEntry.Describe(Reason, Channel, Text),
        };
    }

    private static string WindowName(TimeSpan window) =>
        window == WindowCaps.DayWindow ? "day" : window == WindowCaps.WeekWindow ? "week" : "30 days";
}
