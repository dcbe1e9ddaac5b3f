using Realtime.Contracts.V1;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.Lifecycle;

public sealed class LifecycleTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    [Fact]
    public void A_crm_stage_overrides_the_rules_until_they_move_the_customer_again()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.PageView(customer.Id, T0));
        customer.Apply(Events.Stage(customer.Id, T0.AddMinutes(1), LifecycleStage.AssuredProspect));
        Assert.Equal(LifecycleStage.AssuredProspect, customer.State.Stage);
        Assert.Contains(customer.Workspace.Changes, c => c.Kind == ChangeKind.StageChanged && c.NewStage == LifecycleStage.AssuredProspect && c.Reason == "crm");

        customer.Apply(Events.Purchase(customer.Id, T0.AddDays(1), 40));
        Assert.Equal(LifecycleStage.Customer, customer.State.Stage);
        Assert.Equal("purchase_makes_customer", customer.State.StageHistoryEntries[^1].Reason);
    }

    [Fact]
    public void A_lead_can_move_several_steps_in_one_turn()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Purchase(customer.Id, T0, 40));
        Assert.Equal(LifecycleStage.Customer, customer.State.Stage);
        Assert.Equal([LifecycleStage.Lead, LifecycleStage.Customer], customer.State.StageHistoryEntries.Select(s => s.To));
    }

    [Fact]
    public void A_high_score_makes_a_prospect_an_assured_prospect()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Traits(customer.Id, T0, t => { t.Sector = "agrifood"; t.CompanySize = 100; t.Role = "owner"; t.Budget = 15000; }));
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(1)));
        Assert.Equal(LifecycleStage.AssuredProspect, customer.State.Stage);
    }
}
