using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.Scoring;

public sealed class ScoringTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    private static CompiledRuleset Ruleset(string groups, string extra = "") => RulesetLoader.LoadOrThrow($"""
        scoring:
          total_cap: 30
        {extra}
          groups:
        {groups}
        grades:
          A: 25
          B: 10
          C: 0
          D: -100
        """);

    [Fact]
    public void Event_rules_are_limited_per_rule_and_groups_are_capped()
    {
        var ruleset = Ruleset("""
                - id: g
                  cap: 12
                  rules:
                    - id: form
                      on: form_filled
                      points: 5
                      max_times: 2
                    - id: download
                      on: content_downloaded
                      points: 4
            """);
        var customer = new CustomerHarness(ruleset);
        for (var i = 0; i < 3; i++)
        {
            customer.Apply(Events.Form(customer.Id, T0.AddMinutes(i)));
        }

        Assert.Equal(10, customer.State.Score);
        customer.Apply(Events.Download(customer.Id, T0.AddMinutes(5)));
        Assert.Equal(12, customer.State.Score);
    }

    [Fact]
    public void Event_rules_with_a_window_stop_counting_when_it_passes()
    {
        var ruleset = Ruleset("""
                - id: g
                  rules:
                    - id: opened
                      on: email_opened
                      points: 3
                      within: 7d
            """);
        var customer = new CustomerHarness(ruleset);
        customer.Apply(Events.Email(customer.Id, T0, EmailAction.Opened));
        customer.Apply(Events.Email(customer.Id, T0.AddDays(2), EmailAction.Opened));
        Assert.Equal(6, customer.State.Score);
        customer.AdvanceTo(T0.AddDays(7));
        Assert.Equal(3, customer.State.Score);
        customer.AdvanceTo(T0.AddDays(9));
        Assert.Equal(0, customer.State.Score);
    }

    [Fact]
    public void Negative_points_floors_and_the_total_cap_apply()
    {
        var ruleset = Ruleset("""
                - id: fit
                  floor: -5
                  rules:
                    - id: tiny
                      when: traits.company_size < 5
                      points: -8
                - id: behaviour
                  rules:
                    - id: form
                      on: form_filled
                      points: 20
            """);
        var customer = new CustomerHarness(ruleset);
        customer.Apply(Events.Traits(customer.Id, T0, t => t.CompanySize = 2));
        Assert.Equal(-5, customer.State.Score);
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(1)));
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(2)));
        Assert.Equal(30, customer.State.Score);
    }

    [Fact]
    public void Decay_removes_a_share_per_period_without_contact_and_contact_restores_it()
    {
        var ruleset = Ruleset("""
                - id: behaviour
                  rules:
                    - id: form
                      on: form_filled
                      points: 20
            """, """
          decay: { every: 10d, percent: 50, groups: [behaviour] }
        """);
        var customer = new CustomerHarness(ruleset);
        customer.Apply(Events.Form(customer.Id, T0));
        Assert.Equal(20, customer.State.Score);
        var woke = customer.AdvanceTo(T0.AddDays(25));
        Assert.Equal([T0.AddDays(10), T0.AddDays(20)], woke);
        Assert.Equal(5, customer.State.Score);
        customer.Apply(Events.PageView(customer.Id, T0.AddDays(26)));
        Assert.Equal(20, customer.State.Score);
    }

    [Fact]
    public void Grades_follow_thresholds_and_changes_are_emitted()
    {
        var ruleset = Ruleset("""
                - id: g
                  rules:
                    - id: form
                      on: form_filled
                      points: 13
            """);
        var customer = new CustomerHarness(ruleset);
        customer.Apply(Events.PageView(customer.Id, T0));
        Assert.Equal("C", customer.State.Grade);
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(1)));
        Assert.Equal("B", customer.State.Grade);
        Assert.Contains(customer.Workspace.Changes, c => c.Kind == ChangeKind.GradeChanged && c.OldValue == "C" && c.NewValue == "B");
        Assert.Contains(customer.Workspace.Changes, c => c.Kind == ChangeKind.ScoreChanged && c.OldScore == 0 && c.NewScore == 13);
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(2)));
        Assert.Equal("A", customer.State.Grade);
    }

    [Fact]
    public void Event_rule_filters_read_the_event()
    {
        var ruleset = Ruleset("""
                - id: g
                  rules:
                    - id: demo_form
                      on: form_filled
                      when: event.form_filled.form_id == "demo"
                      points: 9
            """);
        var customer = new CustomerHarness(ruleset);
        customer.Apply(Events.Form(customer.Id, T0, "newsletter"));
        Assert.Equal(0, customer.State.Score);
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(1), "demo"));
        Assert.Equal(9, customer.State.Score);
    }

    [Fact]
    public void Tiers_route_by_grade()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.PageView(customer.Id, T0));
        Assert.Equal("standard", customer.State.Tier);
        customer.Apply(Events.Traits(customer.Id, T0.AddMinutes(1), t => { t.Sector = "agrifood"; t.CompanySize = 80; t.Role = "CEO"; t.Budget = 20000; }));
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(2)));
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(3)));
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(4)));
        Assert.Equal("A", customer.State.Grade);
        Assert.Equal("gold", customer.State.Tier);
    }
}
