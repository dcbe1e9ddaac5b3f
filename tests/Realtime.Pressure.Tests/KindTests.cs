using Realtime.Contracts.V1;

namespace Realtime.Pressure.Tests;

public sealed class KindTests
{
    [Fact]
    public void Request_TransactionalWhenCapsGapsAndQuietHoursBlock_Granted()
    {
        var state = new PressureState(Policies.Open(
            email: new WindowCaps(Day: 1), global: new WindowCaps(Day: 1), emailGap: TimeSpan.FromHours(12),
            quiet: new QuietHours(new TimeOnly(12, 0), new TimeOnly(13, 0))));
        state.Contact(Policies.T0.AddHours(-1));

        Assert.False(state.Ask(Policies.T0).Granted);
        Assert.True(state.Ask(Policies.T0, kind: MessageKind.Transactional).Granted);
    }

    [Fact]
    public void Commit_Transactional_DoesNotCountAgainstCaps()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        state.Contact(Policies.T0, kind: MessageKind.Transactional);

        Assert.True(state.Ask(Policies.T0.AddMinutes(1)).Granted);
    }

    [Fact]
    public void Request_TransactionalAfterComplaintAndRevokedConsent_Granted()
    {
        var state = new PressureState(Policies.Open());
        state.OnComplaint(new Complaint { Channel = Channel.Email }, Policies.T0, Policies.T0);
        state.OnConsentChanged(new ConsentChanged { Granted = false }, Policies.T0, Policies.T0);

        Assert.True(state.Ask(Policies.T0, kind: MessageKind.Transactional).Granted);
    }

    [Fact]
    public void Request_TransactionalAfterHardBounce_DeniedBecauseNothingCanBeDelivered()
    {
        var state = new PressureState(Policies.Open());
        state.Report(ContactOutcome.HardBounced, Channel.Email, "c", Policies.T0);

        state.Ask(Policies.T0, kind: MessageKind.Transactional).AssertDenied(DenyReason.HardBounce, null);
    }

    [Fact]
    public void Request_ServiceForRecentlyBoughtProduct_GrantedWhilePromotionDenied()
    {
        var state = new PressureState(Policies.Open());
        state.OnPurchase(FullPrice("sku-1"), Policies.T0, Policies.T0);

        Assert.True(state.Ask(Policies.T0, kind: MessageKind.Service, product: "sku-1").Granted);
        state.Ask(Policies.T0, kind: MessageKind.Promotion, product: "sku-1")
            .AssertDenied(DenyReason.RecentFullPricePurchase, Policies.T0.AddDays(30));
    }

    [Fact]
    public void Request_PromotionCapReached_PromotionDeniedButServiceAndMarketingGranted()
    {
        var state = new PressureState(Policies.Open(promotions: new WindowCaps(Week: 1)));
        state.Contact(Policies.T0, Channel.Email, MessageKind.Promotion);

        var denied = state.Ask(Policies.T0.AddDays(1), Channel.Sms, MessageKind.Promotion);

        denied.AssertDenied(DenyReason.GlobalCap, Policies.T0.AddDays(7));
        Assert.Equal("promotion cap of 1 per week across channels reached", denied.Detail);
        Assert.True(state.Ask(Policies.T0.AddDays(1), Channel.Sms, MessageKind.Service).Granted);
        Assert.True(state.Ask(Policies.T0.AddDays(1), Channel.Push, MessageKind.Marketing).Granted);
    }

    [Fact]
    public void Request_ServiceAtChannelCap_DeniedLikeMarketing()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        state.Contact(Policies.T0);

        state.Ask(Policies.T0.AddHours(1), kind: MessageKind.Service).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddDays(1));
    }

    [Fact]
    public void Request_UnspecifiedKind_TreatedAsMarketing()
    {
        var state = new PressureState(Policies.Open(email: new WindowCaps(Day: 1)));
        state.Contact(Policies.T0, kind: MessageKind.Unspecified);

        state.Ask(Policies.T0.AddHours(1)).AssertDenied(DenyReason.ChannelCap, Policies.T0.AddDays(1));
    }

    internal static Purchase FullPrice(string productId, bool fullPrice = true) => new()
    {
        OrderId = "o-1",
        Amount = 100,
        Currency = "EUR",
        Items = { new PurchaseItem { ProductId = productId, Quantity = 1, UnitPrice = 100, FullPrice = fullPrice } },
    };
}
