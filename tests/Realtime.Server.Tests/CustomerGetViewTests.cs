using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>Customers.Get answers in one call with score, grade, tier and routing, RFM, CLTV and the last interactions.</summary>
public sealed class CustomerGetViewTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Get_returns_tier_routing_rfm_cltv_and_the_last_interactions_newest_first()
    {
        var start = server.Clock.GetUtcNow();
        await _api.TrackAsync(_api.NewEvent("buyer", e => e.Traits = new Traits { Sector = "agrifood", CompanySize = 60, Role = "ceo" }));
        await _api.TrackAsync(_api.NewEvent("buyer", e => e.Purchase = new Purchase { OrderId = "order-1", Amount = 300 }));
        server.Clock.Advance(TimeSpan.FromDays(10));
        await _api.TrackAsync(_api.NewEvent("buyer", e => e.Purchase = new Purchase { OrderId = "order-2", Amount = 300 }));
        server.Clock.Advance(TimeSpan.FromHours(1));
        await _api.TrackAsync(_api.NewEvent("buyer", e => e.PageView = new PageView { Url = "/catalogue", Category = "home" }));
        server.Clock.SetUtcNow(start.AddDays(12));

        var view = await _api.GetAsync("buyer");

        // Fit 20 + 15 + 10, two purchases 15 each: 75, grade A, so the gold tier and the senior agents.
        Assert.Equal((75.0, "A", "gold", "senior-agents", LifecycleStage.Customer), (view.Score, view.Grade, view.Tier, view.Routing, view.Stage));
        Assert.Equal(
            new Rfm { RecencyDays = 2, Frequency = 2, Monetary = 600, RecencyScore = 5, FrequencyScore = 2, MonetaryScore = 3 },
            view.Rfm);

        // CLTV = average basket 300 × (2 purchases × 365 days / 365-day window) × margin 1 × 3 years.
        Assert.Equal((300.0, 1800.0), (view.AverageBasket, view.Cltv));

        // The shipped ruleset keeps the last 3 interactions, newest first.
        Assert.Equal(
            [
                (start.AddDays(10).AddHours(1), "page_view", "/catalogue"),
                (start.AddDays(10), "purchase", "order-2"),
                (start, "purchase", "order-1"),
            ],
            view.LastInteractions.Select(i => (i.At.ToDateTimeOffset(), i.Type, i.Summary)));
        Assert.Equal((4L, 1L), (view.Events, view.RulesetVersion));
    }
}
