using Realtime.Customers.Tests.Support;

namespace Realtime.Customers.Tests.Segments;

public sealed class SelectiveEvaluationTests
{
    [Fact]
    public void A_segment_is_re_evaluated_only_when_something_it_reads_changes()
    {
        var t0 = CustomerHarness.Start;
        var customer = new CustomerHarness(Rulesets.WithSegment("traits.sector == \"x\""));
        customer.Apply(Events.PageView(customer.Id, t0));
        Assert.False(customer.InSegment("s"));

        // Changed behind the engine's back: an event that touches no trait does not look at the segment again...
        customer.State.Traits.Sector = "x";
        customer.Apply(Events.PageView(customer.Id, t0.AddMinutes(1)));
        Assert.False(customer.InSegment("s"));

        // ...a traits event does.
        customer.Apply(Events.Traits(customer.Id, t0.AddMinutes(2), t => t.Name = "Ann"));
        Assert.True(customer.InSegment("s"));
    }
}
