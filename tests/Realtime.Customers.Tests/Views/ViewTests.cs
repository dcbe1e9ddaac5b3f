using Realtime.Contracts.V1;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Views;

namespace Realtime.Customers.Tests.Views;

public sealed class ViewTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    [Fact]
    public void Explain_lists_every_point_of_a_score_and_adds_up_exactly_to_it()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Traits(customer.Id, T0, t => { t.Sector = "agrifood"; t.CompanySize = 3; t.Role = "owner"; t.Budget = 12000; }));
        for (var i = 0; i < 5; i++)
        {
            customer.Apply(Events.Form(customer.Id, T0.AddMinutes(1 + i)));
            customer.Apply(Events.Download(customer.Id, T0.AddMinutes(1 + i)));
            customer.Apply(Events.Email(customer.Id, T0.AddMinutes(1 + i), EmailAction.Clicked));
        }

        customer.AdvanceTo(T0.AddDays(65));
        var explanation = ScoreExplainer.Explain(customer.State, customer.Now);

        Assert.Equal(customer.State.Score, explanation.Score);
        Assert.Equal(explanation.GroupsTotal - explanation.ClippedByTotalCap - explanation.DecayRemoved, explanation.Score);
        Assert.True(explanation.DecayRemoved > 0);
        Assert.Equal(explanation.Groups.Sum(g => g.Points), explanation.GroupsTotal, 10);
        foreach (var group in explanation.Groups)
        {
            Assert.Equal(group.Rules.Sum(r => r.Points), group.RawPoints);
            Assert.Equal(group.RawPoints - group.Clipped, group.Points);
        }

        var form = explanation.Groups.SelectMany(g => g.Rules).Single(r => r.RuleId == "form_filled");
        Assert.Equal((30, 5), (form.Points, form.Times));
        Assert.Equal(3, form.EventIds.Count); // the latest three (max_times 3, limits.event_ids_per_rule 3)
        var engagement = explanation.Groups.Single(g => g.Group == "engagement");
        Assert.Equal(60, engagement.Cap);
        Assert.True(engagement.Clipped > 0);
        var small = explanation.Groups.SelectMany(g => g.Rules).Single(r => r.RuleId == "company_under_5");
        Assert.Equal(-15, small.Points);
        Assert.Equal(1, explanation.RulesetVersion);
        Assert.Equal(customer.State.Grade, explanation.Grade);
    }

    [Fact]
    public void Get_returns_score_grade_tier_stage_segments_value_and_interactions()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Traits(customer.Id, T0, t => { t.Email = "ann@example.com"; t.Phone = "+33600000000"; }));
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(1), "demo"));
        customer.Apply(Events.Purchase(customer.Id, T0.AddMinutes(2), 120));
        var view = CustomerViewBuilder.Build(customer.State, T0.AddMinutes(3), interactions: 2);
        Assert.Equal("c1", view.CustomerId);
        Assert.Equal("ann@example.com", view.Traits.Email);
        Assert.Equal(25, view.Score);
        Assert.Equal("C", view.Grade);
        Assert.Equal("silver", view.Tier);
        Assert.Equal("account-managers", view.Routing);
        Assert.Equal(LifecycleStage.Customer, view.Stage);
        Assert.Contains("recent_buyers", view.Segments);
        Assert.Contains("active_90d", view.Segments);
        Assert.Equal(1, view.Rfm.Frequency);
        Assert.Equal(120, view.AverageBasket);
        Assert.Equal(360, view.Cltv, 6);
        Assert.Equal(["purchase", "form_filled"], view.LastInteractions.Select(i => i.Type));
        Assert.Equal(3, view.Events);
        Assert.Empty(view.Suppressions);
    }

    [Fact]
    public void History_shows_score_stage_and_segment_moves_in_order()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Form(customer.Id, T0));
        customer.Apply(Events.Purchase(customer.Id, T0.AddHours(2), 50));
        var history = HistoryBuilder.Build(customer.State);
        Assert.Equal([10.0, 25], history.Scores.Select(s => s.Score));
        Assert.Equal([LifecycleStage.Lead, LifecycleStage.Prospect, LifecycleStage.Customer], history.Stages.Select(s => s.To));
        Assert.Contains(history.Segments, s => s.Segment == "recent_buyers" && s.Entered && s.Reason == "purchase");
        var later = HistoryBuilder.Build(customer.State, since: T0.AddHours(1));
        Assert.Equal([25.0], later.Scores.Select(s => s.Score));
    }
}
