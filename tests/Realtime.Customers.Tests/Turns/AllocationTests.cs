using Realtime.Contracts.V1;
using Realtime.Customers.Aggregates;
using Realtime.Customers.Tests.Support;

namespace Realtime.Customers.Tests.Turns;

public sealed class AllocationTests
{
    [Fact]
    public void A_steady_state_turn_with_aggregates_allocates_nothing()
    {
        var customer = new CustomerHarness();
        var aggregates = new SegmentAggregates(customer.Ruleset);
        var t0 = CustomerHarness.Start;
        customer.Apply(Events.Traits(customer.Id, t0, t => { t.Sector = "agrifood"; t.CompanySize = 80; t.BirthDate = "1985-03-14"; }));
        var events = new[]
        {
            Events.PageView(customer.Id, t0.AddMinutes(1), "pricing"),
            Events.Email(customer.Id, t0.AddMinutes(2), EmailAction.Opened),
            Events.Form(customer.Id, t0.AddMinutes(3)),
            Events.Purchase(customer.Id, t0.AddMinutes(4), 30),
        };
        var now = t0.AddMinutes(5);
        for (var i = 0; i < 200; i++)
        {
            foreach (var e in events)
            {
                customer.Engine.Apply(customer.Workspace, customer.State, e, now);
                aggregates.Apply(customer.Workspace, now);
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            foreach (var e in events)
            {
                customer.Engine.Apply(customer.Workspace, customer.State, e, now);
                aggregates.Apply(customer.Workspace, now);
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
