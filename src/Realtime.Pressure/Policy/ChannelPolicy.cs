namespace Realtime.Pressure;

/// <summary>The rules of one channel.</summary>
public sealed class ChannelPolicy
{
    /// <summary>Caps on this channel alone. <value>Default: none (each channel sets its own below).</value></summary>
    public WindowCaps Caps { get; init; } = WindowCaps.None;

    /// <summary>Least time between two counted contacts on this channel. <value>Default: zero.</value></summary>
    public TimeSpan MinimumGap { get; init; }

    /// <summary>
    /// This channel's quiet hours; null inherits <see cref="PressurePolicy.QuietHours"/>, <see cref="Pressure.QuietHours.None"/>
    /// turns them off. <value>Default: inherit (mail and in-app: none).</value>
    /// </summary>
    public QuietHours? QuietHours { get; init; }
}
