using Realtime.Customers.Tests.Support;
using Realtime.Customers.Value;
using Realtime.Customers.Views;

namespace Realtime.Customers.Tests.Value;

public sealed class CustomerValueTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    [Fact]
    public void Computes_rfm_scores_average_basket_and_cltv()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Purchase(customer.Id, T0.AddDays(-400), 1000));
        customer.Apply(Events.Purchase(customer.Id, T0.AddDays(-100), 100), T0);
        customer.Apply(Events.Purchase(customer.Id, T0.AddDays(-50), 200), T0);
        customer.Apply(Events.Purchase(customer.Id, T0.AddDays(-10), 100), T0);
        var now = T0.ToUnixTimeMilliseconds();
        var rfm = CustomerViewBuilder.RfmOf(customer.State, now);
        Assert.Equal(10, rfm.RecencyDays, 6);
        Assert.Equal(3, rfm.Frequency);
        Assert.Equal(400, rfm.Monetary);
        Assert.Equal((5, 3, 3), (rfm.RecencyScore, rfm.FrequencyScore, rfm.MonetaryScore));
        Assert.Equal(350, CustomerValue.AverageBasket(customer.State));

        // CLTV = average basket × (frequency × 365 d / window) × margin × lifetime years = 350 × 3 × 1 × 3.
        Assert.Equal(3150, CustomerValue.Cltv(customer.State, now), 6);
    }

    [Fact]
    public void Recency_score_drops_exactly_past_each_breakpoint()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Purchase(customer.Id, T0, 10));
        var state = customer.State;
        var at30 = T0.AddDays(30).ToUnixTimeMilliseconds();
        Assert.Equal(5, CustomerValue.RecencyScore(state, at30));
        Assert.Equal(4, CustomerValue.RecencyScore(state, at30 + 1));
        Assert.Equal(at30 + 1, CustomerValue.NextRecencyScoreChange(state, T0.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void Unknown_when_nothing_was_bought()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.PageView(customer.Id, T0));
        var rfm = CustomerViewBuilder.RfmOf(customer.State, T0.ToUnixTimeMilliseconds());
        Assert.Equal(-1, rfm.RecencyDays);
        Assert.Equal((0, 0, 0), (rfm.RecencyScore, rfm.FrequencyScore, rfm.MonetaryScore));
        Assert.Equal(0, CustomerValue.Cltv(customer.State, T0.ToUnixTimeMilliseconds()));
    }
}
