using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

/// <summary>Policies that isolate one rule at a time, and the instants the tests use.</summary>
internal static class Policies
{
    /// <summary>A Monday at noon UTC, outside every quiet hours the tests use.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>No caps, no gaps, no quiet hours, no adaptation: only what a test adds.</summary>
    public static PressurePolicy Open(
        WindowCaps? email = null,
        WindowCaps? sms = null,
        WindowCaps? global = null,
        WindowCaps? promotions = null,
        TimeSpan? emailGap = null,
        TimeSpan? globalGap = null,
        QuietHours? quiet = null,
        SuppressionPolicy? suppressions = null,
        AdaptiveCapsPolicy? adaptive = null) => new()
    {
        Caps = global ?? WindowCaps.None,
        PromotionCaps = promotions ?? WindowCaps.None,
        MinimumGap = globalGap ?? TimeSpan.Zero,
        QuietHours = quiet ?? QuietHours.None,
        Email = new ChannelPolicy { Caps = email ?? WindowCaps.None, MinimumGap = emailGap ?? TimeSpan.Zero },
        Sms = new ChannelPolicy { Caps = sms ?? WindowCaps.None },
        Push = new ChannelPolicy(),
        Phone = new ChannelPolicy(),
        Mail = new ChannelPolicy(),
        InApp = new ChannelPolicy(),
        Suppressions = suppressions ?? new SuppressionPolicy(),
        AdaptiveCaps = adaptive ?? new AdaptiveCapsPolicy { Enabled = false },
    };

    /// <summary>Requests a marketing email and commits it at once; fails the test if it is not granted.</summary>
    public static void Contact(this PressureState state, DateTimeOffset at, Channel channel = Channel.Email, MessageKind kind = MessageKind.Marketing)
    {
        var decision = state.Request(channel, kind, "c", null, at);
        if (!decision.Granted)
        {
            Assert.Fail($"expected a grant at {at:O}, got {decision}");
        }

        Assert.True(state.Commit(decision.ReservationToken!, at));
    }

    public static PressureDecision Ask(this PressureState state, DateTimeOffset at, Channel channel = Channel.Email, MessageKind kind = MessageKind.Marketing, string? product = null) =>
        state.Request(channel, kind, "c", product, at);

    public static void AssertDenied(this PressureDecision decision, DenyReason reason, DateTimeOffset? earliest)
    {
        Assert.False(decision.Granted, "expected a denial");
        Assert.Equal(reason, decision.Reason);
        Assert.Equal(earliest, decision.EarliestAt);
    }
}
