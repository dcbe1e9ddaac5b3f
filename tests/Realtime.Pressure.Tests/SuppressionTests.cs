using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

public sealed class SuppressionTests
{
    [Fact]
    public void OnComplaint_DefaultScope_SilencesEveryChannelForThirtyDays()
    {
        var state = new PressureState(Policies.Open());

        state.OnComplaint(new Complaint { Channel = Channel.Email, Reason = "too many", Campaign = "spring" }, Policies.T0, Policies.T0);

        var denied = state.Ask(Policies.T0.AddDays(1), Channel.Phone);
        denied.AssertDenied(DenyReason.Complaint, Policies.T0.AddDays(30));
        Assert.Equal("complaint on email about spring: too many", denied.Detail);
        Assert.True(state.Ask(Policies.T0.AddDays(30), Channel.Phone).Granted);
    }

    [Fact]
    public void OnComplaint_ChannelScope_SilencesOnlyThatChannel()
    {
        var state = new PressureState(Policies.Open(suppressions: new SuppressionPolicy
        {
            ComplaintScope = ComplaintScope.Channel,
            ComplaintSilence = TimeSpan.FromDays(10),
        }));

        state.OnComplaint(new Complaint { Channel = Channel.Sms }, Policies.T0, Policies.T0);

        state.Ask(Policies.T0, Channel.Sms).AssertDenied(DenyReason.Complaint, Policies.T0.AddDays(10));
        Assert.True(state.Ask(Policies.T0, Channel.Email).Granted);
    }

    [Fact]
    public void Report_Complained_OpensComplaintSuppression()
    {
        var state = new PressureState(Policies.Open());

        state.Report(ContactOutcome.Complained, Channel.Push, "c", Policies.T0);

        state.Ask(Policies.T0, Channel.Email).AssertDenied(DenyReason.Complaint, Policies.T0.AddDays(30));
    }

    [Fact]
    public void Report_LateComplaintWithItsTime_SilenceRunsFromWhenItHappened()
    {
        var state = new PressureState(Policies.Open());

        state.Report(ContactOutcome.Complained, Channel.Sms, "c", Policies.T0, occurredAt: Policies.T0.AddDays(-3));

        state.Ask(Policies.T0).AssertDenied(DenyReason.Complaint, Policies.T0.AddDays(27));
    }

    [Fact]
    public void OnEvent_LateComplaint_SilenceRunsFromWhenItHappened()
    {
        var state = new PressureState(Policies.Open());
        var complaint = new Event { Complaint = new Complaint { Channel = Channel.Email }, OccurredAt = Timestamp.FromDateTimeOffset(Policies.T0.AddDays(-2)) };

        state.OnEvent(complaint, Policies.T0);

        state.Ask(Policies.T0).AssertDenied(DenyReason.Complaint, Policies.T0.AddDays(28));
    }

    [Fact]
    public void OnPurchase_FullPriceItem_NoPromotionOfThatProductForConfiguredDays()
    {
        var state = new PressureState(Policies.Open(suppressions: new SuppressionPolicy { FullPricePurchase = TimeSpan.FromDays(14) }));

        state.OnPurchase(KindTests.FullPrice("sku-1"), Policies.T0, Policies.T0);

        var denied = state.Ask(Policies.T0.AddDays(1), kind: MessageKind.Promotion, product: "sku-1");
        denied.AssertDenied(DenyReason.RecentFullPricePurchase, Policies.T0.AddDays(14));
        Assert.Equal("bought sku-1 at full price", denied.Detail);
        Assert.True(state.Ask(Policies.T0.AddDays(1), kind: MessageKind.Promotion, product: "sku-2").Granted);
        Assert.True(state.Ask(Policies.T0.AddDays(1), kind: MessageKind.Promotion).Granted);
        Assert.True(state.Ask(Policies.T0.AddDays(14), kind: MessageKind.Promotion, product: "sku-1").Granted);
    }

    [Fact]
    public void OnPurchase_DiscountedItem_NoSuppression()
    {
        var state = new PressureState(Policies.Open());

        state.OnPurchase(KindTests.FullPrice("sku-1", fullPrice: false), Policies.T0, Policies.T0);

        Assert.True(state.Ask(Policies.T0, kind: MessageKind.Promotion, product: "sku-1").Granted);
        Assert.Empty(state.GetSuppressions(Policies.T0));
    }

    [Fact]
    public void OnPurchase_MoreProductsThanTheLimit_EvictsTheOneEndingFirst()
    {
        var state = new PressureState(Policies.Open(suppressions: new SuppressionPolicy { MaxProducts = 2 }));

        state.OnPurchase(KindTests.FullPrice("a"), Policies.T0, Policies.T0);
        state.OnPurchase(KindTests.FullPrice("b"), Policies.T0.AddDays(1), Policies.T0.AddDays(1));
        state.OnPurchase(KindTests.FullPrice("c"), Policies.T0.AddDays(2), Policies.T0.AddDays(2));

        var products = state.GetSuppressions(Policies.T0.AddDays(2)).Select(s => s.ProductId).Order().ToArray();
        Assert.Equal(["b", "c"], products);
    }

    [Fact]
    public void Report_IgnoredRepeatedly_BacksOffTheChannelAfterTheConfiguredCount()
    {
        var state = new PressureState(Policies.Open(suppressions: new SuppressionPolicy { IgnoresBeforeBackOff = 3, IgnoreBackOff = TimeSpan.FromDays(20) }));
        var at = Policies.T0;
        for (var i = 0; i < 2; i++)
        {
            state.Report(ContactOutcome.Ignored, Channel.Email, "news", at = at.AddDays(1));
        }

        Assert.True(state.Ask(at).Granted);
        state.Report(ContactOutcome.Ignored, Channel.Email, "news", at = at.AddDays(1));

        var denied = state.Ask(at);
        denied.AssertDenied(DenyReason.RepeatedIgnores, at.AddDays(20));
        Assert.Equal("messages ignored in a row on email (last: news)", denied.Detail);
        Assert.True(state.Ask(at, Channel.Sms).Granted);
    }

    [Fact]
    public void Report_IgnoresBrokenByAnOpen_RunStartsOver()
    {
        var state = new PressureState(Policies.Open(suppressions: new SuppressionPolicy { IgnoresBeforeBackOff = 3 }));
        state.Report(ContactOutcome.Ignored, Channel.Email, "c", Policies.T0);
        state.Report(ContactOutcome.Ignored, Channel.Email, "c", Policies.T0);
        state.Report(ContactOutcome.Opened, Channel.Email, "c", Policies.T0);
        state.Report(ContactOutcome.Ignored, Channel.Email, "c", Policies.T0);
        state.Report(ContactOutcome.Ignored, Channel.Email, "c", Policies.T0);

        Assert.True(state.Ask(Policies.T0).Granted);
    }

    [Fact]
    public void OnEmailActivity_Ignored_CountsTowardsBackOff()
    {
        var state = new PressureState(Policies.Open(suppressions: new SuppressionPolicy { IgnoresBeforeBackOff = 2 }));
        state.OnEmailActivity(new EmailActivity { Action = EmailAction.Ignored }, Policies.T0, Policies.T0);
        state.OnEmailActivity(new EmailActivity { Action = EmailAction.Ignored }, Policies.T0, Policies.T0);

        state.Ask(Policies.T0).AssertDenied(DenyReason.RepeatedIgnores, Policies.T0.AddDays(30));
    }

    [Fact]
    public void Report_HardBounced_ChannelSuppressedUntilContactDataChanges()
    {
        var state = new PressureState(Policies.Open());

        state.Report(ContactOutcome.HardBounced, Channel.Email, "c", Policies.T0);

        state.Ask(Policies.T0.AddDays(400)).AssertDenied(DenyReason.HardBounce, null);
        Assert.True(state.Ask(Policies.T0, Channel.Sms).Granted);
        state.OnTraits(new Traits { Phone = "+33600000000" }, Policies.T0);
        Assert.False(state.Ask(Policies.T0).Granted);
        state.OnTraits(new Traits { Email = "new@example.com" }, Policies.T0);
        Assert.True(state.Ask(Policies.T0).Granted);
    }

    [Fact]
    public void OnEmailActivity_HardBounced_SuppressesEmail()
    {
        var state = new PressureState(Policies.Open());

        state.OnEmailActivity(new EmailActivity { Action = EmailAction.HardBounced }, Policies.T0, Policies.T0);

        state.Ask(Policies.T0).AssertDenied(DenyReason.HardBounce, null);
    }

    [Fact]
    public void OnContactDataChanged_PushDevice_LiftsPushHardBounce()
    {
        var state = new PressureState(Policies.Open());
        state.Report(ContactOutcome.HardBounced, Channel.Push, "c", Policies.T0);

        state.OnContactDataChanged(Channel.Push);

        Assert.True(state.Ask(Policies.T0, Channel.Push).Granted);
    }

    [Fact]
    public void Report_SoftBounceOrDelivered_NoSuppression()
    {
        var state = new PressureState(Policies.Open());

        state.Report(ContactOutcome.Bounced, Channel.Email, "c", Policies.T0);
        state.Report(ContactOutcome.Delivered, Channel.Email, "c", Policies.T0);

        Assert.True(state.Ask(Policies.T0).Granted);
    }

    [Fact]
    public void OnConsentChanged_RevokedEverywhere_AllChannelsDeniedUntilGrantedAgain()
    {
        var state = new PressureState(Policies.Open());

        state.OnConsentChanged(new ConsentChanged { Granted = false, Purpose = "marketing" }, Policies.T0, Policies.T0);

        foreach (var channel in Channels.All)
        {
            state.Ask(Policies.T0.AddDays(365), channel).AssertDenied(DenyReason.ConsentRevoked, null);
        }

        state.OnConsentChanged(new ConsentChanged { Granted = true }, Policies.T0, Policies.T0);
        Assert.True(state.Ask(Policies.T0).Granted);
    }

    [Fact]
    public void OnConsentChanged_GrantedOnOneChannelAfterRevokedEverywhere_OnlyThatChannelAllowed()
    {
        var state = new PressureState(Policies.Open());
        state.OnConsentChanged(new ConsentChanged { Granted = false }, Policies.T0, Policies.T0);

        state.OnConsentChanged(new ConsentChanged { Channel = Channel.Sms, Granted = true }, Policies.T0, Policies.T0);

        Assert.True(state.Ask(Policies.T0, Channel.Sms).Granted);
        state.Ask(Policies.T0, Channel.Email).AssertDenied(DenyReason.ConsentRevoked, null);
        state.Ask(Policies.T0, Channel.Phone).AssertDenied(DenyReason.ConsentRevoked, null);
    }

    [Fact]
    public void Report_Unsubscribed_ChannelSuppressedUntilConsentGranted()
    {
        var state = new PressureState(Policies.Open());

        state.Report(ContactOutcome.Unsubscribed, Channel.Email, "weekly", Policies.T0);

        var denied = state.Ask(Policies.T0.AddDays(100));
        denied.AssertDenied(DenyReason.Unsubscribed, null);
        Assert.Equal("unsubscribed from weekly on email", denied.Detail);
        Assert.True(state.Ask(Policies.T0, Channel.Sms).Granted);
        state.OnConsentChanged(new ConsentChanged { Channel = Channel.Email, Granted = true }, Policies.T0, Policies.T0);
        Assert.True(state.Ask(Policies.T0).Granted);
    }

    [Fact]
    public void OnEmailActivity_Unsubscribed_SuppressesEmail()
    {
        var state = new PressureState(Policies.Open());

        state.OnEvent(new Event { Email = new EmailActivity { Action = EmailAction.Unsubscribed } }, Policies.T0);

        state.Ask(Policies.T0).AssertDenied(DenyReason.Unsubscribed, null);
    }

    [Fact]
    public void Request_PermanentAndTimedSuppressions_PermanentOneIsTheReason()
    {
        var state = new PressureState(Policies.Open());
        state.OnComplaint(new Complaint { Channel = Channel.Email }, Policies.T0, Policies.T0);
        state.Report(ContactOutcome.HardBounced, Channel.Email, "c", Policies.T0);

        state.Ask(Policies.T0).AssertDenied(DenyReason.HardBounce, null);
    }

    [Fact]
    public void Request_SuppressionAndQuietHours_EarliestIsAfterBoth()
    {
        var state = new PressureState(Policies.Open(quiet: new QuietHours(new TimeOnly(22, 0), new TimeOnly(8, 0)),
            suppressions: new SuppressionPolicy { ComplaintSilence = TimeSpan.FromHours(11) }));

        // The silence ends at 23:00 UTC, inside quiet hours: 08:00 the next day.
        state.OnComplaint(new Complaint(), Policies.T0, Policies.T0);

        state.Ask(Policies.T0).AssertDenied(DenyReason.Complaint, Policies.T0.AddHours(20));
    }

    [Fact]
    public void GetSuppressions_Open_ListsReasonChannelSinceAndUntil()
    {
        var state = new PressureState(Policies.Open());
        state.OnComplaint(new Complaint { Channel = Channel.Email }, Policies.T0, Policies.T0);
        state.Report(ContactOutcome.HardBounced, Channel.Sms, "c", Policies.T0);

        var open = state.GetSuppressions(Policies.T0.AddDays(1));

        Assert.Collection(
            open,
            s =>
            {
                Assert.Equal(DenyReason.Complaint, s.Reason);
                Assert.Equal(Channel.Unspecified, s.Channel);
                Assert.Equal(Policies.T0, s.Since.ToDateTimeOffset());
                Assert.Equal(Policies.T0.AddDays(30), s.Until.ToDateTimeOffset());
            },
            s =>
            {
                Assert.Equal(DenyReason.HardBounce, s.Reason);
                Assert.Equal(Channel.Sms, s.Channel);
                Assert.Null(s.Until);
            });
        Assert.Single(state.GetSuppressions(Policies.T0.AddDays(30)));
    }
}
