using Realtime.Customers.Rules;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Views;

namespace Realtime.Customers.Tests.Views;

/// <summary>GetCustomerRequest.interactions: default 10, at most 100, out of what the ruleset keeps (limits.interactions).</summary>
public sealed class InteractionsTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    private static (CustomerHarness Customer, List<string> Ids) WithPageViews(CompiledRuleset ruleset, int count)
    {
        var customer = new CustomerHarness(ruleset);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var view = Events.PageView(customer.Id, T0.AddMinutes(i));
            ids.Add(view.EventId);
            customer.Apply(view);
        }

        ids.Reverse();
        return (customer, ids);
    }

    [Fact]
    public void The_shipped_ruleset_keeps_the_last_3_interactions_whatever_is_asked()
    {
        var (customer, newestFirst) = WithPageViews(DefaultRuleset.Load(), 6);
        Assert.Equal(3, customer.Ruleset.Limits.Interactions);
        Assert.Equal(newestFirst.Take(3), CustomerViewBuilder.Build(customer.State, customer.Now).LastInteractions.Select(i => i.EventId));
        Assert.Equal(newestFirst.Take(3), CustomerViewBuilder.Build(customer.State, customer.Now, 100).LastInteractions.Select(i => i.EventId));
        Assert.Equal(newestFirst.Take(2), CustomerViewBuilder.Build(customer.State, customer.Now, 2).LastInteractions.Select(i => i.EventId));
    }

    [Fact]
    public void A_ruleset_that_keeps_more_returns_10_by_default_and_what_is_asked_up_to_what_it_keeps()
    {
        var ruleset = RulesetLoader.LoadOrThrow(DefaultRuleset.Yaml.Replace("interactions: 3", "interactions: 12", StringComparison.Ordinal));
        var (customer, newestFirst) = WithPageViews(ruleset, 15);
        Assert.Equal(newestFirst.Take(10), CustomerViewBuilder.Build(customer.State, customer.Now).LastInteractions.Select(i => i.EventId));
        Assert.Equal(newestFirst.Take(12), CustomerViewBuilder.Build(customer.State, customer.Now, 100).LastInteractions.Select(i => i.EventId));
        Assert.Equal(newestFirst.Take(11), CustomerViewBuilder.Build(customer.State, customer.Now, 11).LastInteractions.Select(i => i.EventId));
    }
}
