using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

public sealed class ChannelStatusTests
{
    [Fact]
    public void GetChannelStatus_PhoneDuringQuietHours_NotAllowedUntilTheyEnd()
    {
        var state = new PressureState(PressurePolicy.Default);
        Assert.True(state.SetTimeZone("Europe/Paris"));

        // 23:00 in Paris.
        var status = state.GetChannelStatus(Channel.Phone, new DateTimeOffset(2026, 1, 15, 22, 0, 0, TimeSpan.Zero));

        Assert.False(status.AllowedNow);
        Assert.Equal(DenyReason.QuietHours, status.Reason);
        Assert.Equal(new DateTimeOffset(2026, 1, 16, 7, 0, 0, TimeSpan.Zero), status.NextAllowedAt.ToDateTimeOffset());
        Assert.Equal((0, 1), (status.UsedToday, status.CapToday));
    }

    [Fact]
    public void GetChannelStatus_AfterOneEmail_CountsItAgainstTheDayCap()
    {
        var state = new PressureState(PressurePolicy.Default);
        state.Contact(Policies.T0.AddHours(-4));

        // 12 hours later, at 20:00 UTC: the gap is over and quiet hours (22:00 UTC) not yet begun.
        var email = state.GetChannelStatus(Channel.Email, Policies.T0.AddHours(8));

        Assert.True(email.AllowedNow);
        Assert.Null(email.NextAllowedAt);
        Assert.Equal((1, 2), (email.UsedToday, email.CapToday));
    }

    [Fact]
    public void GetChannelStatuses_ConsentRevokedOnSms_OnlySmsNotAllowedAndNeverByTime()
    {
        var state = new PressureState(PressurePolicy.Default);
        state.OnConsentChanged(new ConsentChanged { Channel = Channel.Sms, Granted = false }, Policies.T0, Policies.T0);

        var statuses = state.GetChannelStatuses(Policies.T0);

        Assert.Equal(Channels.All, statuses.Select(s => s.Channel));
        var sms = Assert.Single(statuses, s => !s.AllowedNow);
        Assert.Equal((Channel.Sms, DenyReason.ConsentRevoked), (sms.Channel, sms.Reason));
        Assert.Null(sms.NextAllowedAt);
    }
}
