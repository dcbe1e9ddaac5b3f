using Realtime.Contracts.V1;

namespace Realtime.Pressure;

/// <summary>
/// The contact-pressure policy: the <c>contact_pressure:</c> section of the ruleset. Every setting has a documented
/// default, so an empty section (or none) gives a sensible policy. Immutable once built; shared by every customer.
/// </summary>
public sealed partial class PressurePolicy
{
    /// <summary>The policy of a ruleset without a <c>contact_pressure:</c> section.</summary>
    public static PressurePolicy Default { get; } = new();

    private ZoneClock? _defaultClock;

    /// <summary>The zone for customers who have none (IANA id). <value>Default: "UTC".</value></summary>
    public string DefaultTimeZone { get; init; } = "UTC";

    /// <summary>How long a granted reservation holds its slot, under one day. <value>Default: 5 minutes.</value></summary>
    public TimeSpan ReservationTtl { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Caps across all channels (marketing, promotion and service contacts). <value>Default: 4 a day, 12 a week, 40 a month.</value></summary>
    public WindowCaps Caps { get; init; } = new(4, 12, 40);

    /// <summary>Caps on promotions across all channels; service and transactional messages pass them. <value>Default: 3 a week.</value></summary>
    public WindowCaps PromotionCaps { get; init; } = new(Week: 3);

    /// <summary>Least time between two counted contacts on any channels. <value>Default: 1 hour.</value></summary>
    public TimeSpan MinimumGap { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Quiet hours in the customer's time zone, for channels that do not set their own. <value>Default: 22:00-08:00.</value></summary>
    public QuietHours QuietHours { get; init; } = new(new TimeOnly(22, 0), new TimeOnly(8, 0));

    /// <summary><value>Default: 2 a day, 5 a week, 15 a month; 12 hours apart.</value></summary>
    public ChannelPolicy Email { get; init; } = new() { Caps = new(2, 5, 15), MinimumGap = TimeSpan.FromHours(12) };

    /// <summary><value>Default: 1 a day, 3 a week, 8 a month; 24 hours apart.</value></summary>
    public ChannelPolicy Sms { get; init; } = new() { Caps = new(1, 3, 8), MinimumGap = TimeSpan.FromHours(24) };

    /// <summary><value>Default: 2 a day, 7 a week, 20 a month; 4 hours apart.</value></summary>
    public ChannelPolicy Push { get; init; } = new() { Caps = new(2, 7, 20), MinimumGap = TimeSpan.FromHours(4) };

    /// <summary>Outbound calls. <value>Default: 1 a day, 2 a week, 4 a month; 48 hours apart.</value></summary>
    public ChannelPolicy Phone { get; init; } = new() { Caps = new(1, 2, 4), MinimumGap = TimeSpan.FromHours(48) };

    /// <summary>Postal mail. <value>Default: 1 a week, 4 a month; no quiet hours.</value></summary>
    public ChannelPolicy Mail { get; init; } = new() { Caps = new(Week: 1, Month: 4), QuietHours = QuietHours.None };

    /// <summary>In-app messages: shown while the customer uses the app. <value>Default: 3 a day; no quiet hours.</value></summary>
    public ChannelPolicy InApp { get; init; } = new() { Caps = new(Day: 3), QuietHours = QuietHours.None };

    /// <summary><value>Default: see <see cref="SuppressionPolicy"/>.</value></summary>
    public SuppressionPolicy Suppressions { get; init; } = new();

    /// <summary><value>Default: see <see cref="AdaptiveCapsPolicy"/>.</value></summary>
    public AdaptiveCapsPolicy AdaptiveCaps { get; init; } = new();

    /// <summary>The rules of a governed channel.</summary>
    public ChannelPolicy For(Channel channel) => channel switch
    {
        Channel.Email => Email,
        Channel.Sms => Sms,
        Channel.Push => Push,
        Channel.Phone => Phone,
        Channel.Mail => Mail,
        Channel.InApp => InApp,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Not a governed channel."),
    };

    /// <summary>The clock of <see cref="DefaultTimeZone"/>; UTC if the id is unknown here.</summary>
    internal ZoneClock DefaultClock =>
        _defaultClock ??= TimeZones.Clock(TimeZones.TryFind(DefaultTimeZone, out var zone) ? zone : TimeZoneInfo.Utc);

    /// <summary>The quiet hours that apply on a channel, after inheritance.</summary>
    public QuietHours QuietHoursFor(Channel channel) => For(channel).QuietHours ?? QuietHours;
}
