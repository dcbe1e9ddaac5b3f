using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>Ingest rejects negative prices, quantities, budgets and capital per event, naming the field; the rest goes through.</summary>
public sealed class IngestNegativeValuesTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Negative_unit_price_quantity_budget_and_capital_are_rejected_with_a_reason_and_the_rest_of_the_batch_goes_through()
    {
        Event Buy(int quantity, double unitPrice) => _api.NewEvent("shopper", e =>
        {
            e.Purchase = new Purchase { OrderId = $"o-{quantity}-{unitPrice}", Amount = 30 };
            e.Purchase.Items.Add(new PurchaseItem { ProductId = "boots", Quantity = quantity, UnitPrice = unitPrice });
        });

        var response = await _api.TrackAsync(
            Buy(1, 30),
            Buy(1, -30),
            Buy(-2, 15),
            _api.NewEvent("shopper", e => e.Traits = new Traits { Budget = -1000 }),
            _api.NewEvent("shopper", e => e.Traits = new Traits { Capital = -5 }),
            _api.NewEvent("shopper", e => e.Traits = new Traits { Budget = 20_000, Sector = "agrifood" }));

        Assert.Equal((2, 4), (response.Accepted, response.Rejected));
        Assert.Equal(
            [
                (1, "purchase.items[0].unit_price must be a finite number, not negative (was -30)"),
                (2, "purchase.items[0].quantity must not be negative (was -2)"),
                (3, "traits.budget must be a finite number, not negative (was -1000)"),
                (4, "traits.capital must be a finite number, not negative (was -5)"),
            ],
            response.Results.Select(r => (r.Index, r.Reason)));
        Assert.All(response.Results, r => Assert.Equal(EventOutcome.Rejected, r.Outcome));

        var shopper = await _api.GetAsync("shopper");
        Assert.Equal((2L, 1, 20_000.0), (shopper.Events, shopper.Rfm.Frequency, shopper.Traits.Budget));
    }
}
