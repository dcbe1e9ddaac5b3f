using Realtime.Customers.State;
using Realtime.Customers.Tests.Support;

namespace Realtime.Customers.Tests.State;

public sealed class SharedStringsTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    // Each customer's event carries its own string instances, as events parsed off the wire do.
    private static CustomerHarness CustomerWith(string id, string country, string sector, string interest)
    {
        var customer = new CustomerHarness(id: id);
        customer.Apply(Events.Traits(id, T0, t =>
        {
            t.Country = new string(country.AsSpan());
            t.Sector = new string(sector.AsSpan());
            t.TimeZone = new string("Europe/Paris".AsSpan());
            t.Interests.Add(new string(interest.AsSpan()));
        }));
        return customer;
    }

    [Fact]
    public void Customers_with_the_same_categorical_traits_share_one_string_per_value()
    {
        var first = CustomerWith("c1", "FR", "retail", "running");
        var second = CustomerWith("c2", "FR", "retail", "running");

        Assert.Equal("FR", second.State.Traits.Country);
        Assert.Same(first.State.Traits.Country, second.State.Traits.Country);
        Assert.Same(first.State.Traits.Sector, second.State.Traits.Sector);
        Assert.Same(first.State.Traits.TimeZone, second.State.Traits.TimeZone);
        Assert.Same(first.State.Traits.Interests[0], second.State.Traits.Interests[0]);
    }

    [Fact]
    public void Long_values_are_kept_as_they_came_and_still_compare_equal()
    {
        var sector = new string('x', 129);
        var first = CustomerWith("c1", "FR", sector, "running");
        var second = CustomerWith("c2", "FR", sector, "running");

        Assert.Equal(sector, second.State.Traits.Sector);
        Assert.NotSame(first.State.Traits.Sector, second.State.Traits.Sector);
    }

    [Fact]
    public void Interactions_recorded_by_turns_share_the_page_string_the_event_carried()
    {
        const string url = "https://shop.example/boots";
        CustomerState Viewed(string id)
        {
            var customer = new CustomerHarness(id: id);
            var view = Events.PageView(id, T0);
            view.PageView.Url = new string(url.AsSpan());
            customer.Apply(view);
            return customer.State;
        }

        var first = Viewed("c1");
        var second = Viewed("c2");

        Assert.Equal(url, second.InteractionEntries[^1].Summary);
        Assert.Same(first.InteractionEntries[^1].Summary, second.InteractionEntries[^1].Summary);
    }

    [Fact]
    public void Loaded_interactions_naming_the_same_page_share_its_string()
    {
        var url = "https://shop.example/shoes";
        CustomerState Loaded(string id)
        {
            var customer = new CustomerHarness(id: id);
            var view = Events.PageView(id, T0);
            view.PageView.Url = new string(url.AsSpan());
            customer.Apply(view);
            return StateSerializer.Deserialize(StateSerializer.Serialize(customer.State), customer.Ruleset);
        }

        var first = Loaded("c1");
        var second = Loaded("c2");

        Assert.Equal(url, second.InteractionEntries[^1].Summary);
        Assert.Same(first.InteractionEntries[^1].Summary, second.InteractionEntries[^1].Summary);
    }
}
