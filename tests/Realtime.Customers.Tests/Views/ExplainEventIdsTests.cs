using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Views;

namespace Realtime.Customers.Tests.Views;

/// <summary>Customers.Explain names the events behind each rule's points.</summary>
public sealed class ExplainEventIdsTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    private static RuleContribution Rule(CustomerHarness customer, string id, DateTimeOffset? at = null) =>
        ScoreExplainer.Explain(customer.State, at ?? customer.Now).Groups.SelectMany(g => g.Rules).Single(r => r.RuleId == id);

    [Fact]
    public void An_event_rule_lists_its_latest_three_firings_newest_first()
    {
        var customer = new CustomerHarness();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var opened = Events.Email(customer.Id, T0.AddMinutes(i), EmailAction.Opened);
            ids.Add(opened.EventId);
            customer.Apply(opened);
        }

        var rule = Rule(customer, "email_opened");
        Assert.Equal((10.0, 5), (rule.Points, rule.Times));
        Assert.Equal(Enumerable.Reverse(ids).Take(3), rule.EventIds);

        var form = Events.Form(customer.Id, T0.AddMinutes(8));
        customer.Apply(form);
        Assert.Equal([form.EventId], Rule(customer, "form_filled").EventIds);
    }

    [Fact]
    public void Firings_that_left_the_rule_window_are_not_listed()
    {
        var customer = new CustomerHarness();
        var old = Events.Email(customer.Id, T0, EmailAction.Clicked);
        var recent = Events.Email(customer.Id, T0.AddDays(60), EmailAction.Clicked);
        customer.Apply(old);
        customer.Apply(recent);

        Assert.Equal([recent.EventId, old.EventId], Rule(customer, "email_clicked").EventIds);
        customer.AdvanceTo(T0.AddDays(91));
        Assert.Equal([recent.EventId], Rule(customer, "email_clicked").EventIds);
    }

    [Fact]
    public void A_condition_rule_names_the_event_that_made_it_true_not_a_later_traits_event()
    {
        var customer = new CustomerHarness();
        var sector = Events.Traits(customer.Id, T0, t => t.Sector = "agrifood");
        var size = Events.Traits(customer.Id, T0.AddMinutes(1), t => t.CompanySize = 80);
        var email = Events.Traits(customer.Id, T0.AddMinutes(2), t => t.Email = "x@y.z");
        customer.Apply(sector);
        customer.Apply(size);
        customer.Apply(email);

        Assert.Equal([sector.EventId], Rule(customer, "sector_agrifood").EventIds);
        Assert.Equal([size.EventId], Rule(customer, "company_50_plus").EventIds);
        Assert.Empty(Rule(customer, "company_under_5").EventIds);

        var smaller = Events.Traits(customer.Id, T0.AddMinutes(3), t => t.CompanySize = 2);
        customer.Apply(smaller);
        Assert.Empty(Rule(customer, "company_50_plus").EventIds);
        Assert.Equal([smaller.EventId], Rule(customer, "company_under_5").EventIds);

        // Survives a snapshot.
        var loaded = StateSerializer.Deserialize(StateSerializer.Serialize(customer.State), customer.Ruleset);
        var reloaded = ScoreExplainer.Explain(loaded, customer.Now).Groups.SelectMany(g => g.Rules).Single(r => r.RuleId == "sector_agrifood");
        Assert.Equal([sector.EventId], reloaded.EventIds);
    }

    [Fact]
    public void A_condition_rule_made_true_by_a_publish_names_the_last_traits_event_and_time_made_ones_name_none()
    {
        var customer = new CustomerHarness();
        var traits = Events.Traits(customer.Id, T0, t => t.Role = "farmer");
        customer.Apply(traits);
        customer.Apply(Events.PageView(customer.Id, T0.AddMinutes(1)));
        customer.AdvanceTo(T0.AddDays(31));
        Assert.Equal(1, Rule(customer, "no_contact_30d").Times);
        Assert.Empty(Rule(customer, "no_contact_30d").EventIds);

        var next = RulesetLoader.LoadOrThrow(DefaultRuleset.Yaml.Replace(
            "          when: traits.role in [\"ceo\", \"owner\", \"director\", \"purchasing manager\"]",
            "          when: traits.role in [\"ceo\", \"owner\", \"director\", \"purchasing manager\", \"farmer\"]",
            StringComparison.Ordinal), version: 2);
        customer.Engine.Rebind(customer.Workspace, customer.State, next, customer.Now);

        var rule = ScoreExplainer.Explain(customer.State, customer.Now).Groups.SelectMany(g => g.Rules).Single(r => r.RuleId == "decision_maker");
        Assert.Equal(10, rule.Points);
        Assert.Equal([traits.EventId], rule.EventIds);
    }

    [Fact]
    public void A_publish_with_fewer_ids_per_rule_keeps_the_newest_in_order()
    {
        var customer = new CustomerHarness();
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var download = Events.Download(customer.Id, T0.AddMinutes(i));
            ids.Add(download.EventId);
            customer.Apply(download);
        }

        var next = RulesetLoader.LoadOrThrow(DefaultRuleset.Yaml.Replace("event_ids_per_rule: 3", "event_ids_per_rule: 2", StringComparison.Ordinal), version: 2);
        customer.Engine.Rebind(customer.Workspace, customer.State, next, customer.Now);
        Assert.Equal([ids[3], ids[2]], Rule(customer, "content_downloaded").EventIds);
    }

    [Fact]
    public void A_rule_keeps_no_more_ids_than_its_max_times_and_a_larger_limit_keeps_more_across_a_snapshot()
    {
        var ruleset = RulesetLoader.LoadOrThrow(DefaultRuleset.Yaml.Replace("event_ids_per_rule: 3", "event_ids_per_rule: 20", StringComparison.Ordinal));
        var customer = new CustomerHarness(ruleset);
        var opens = new List<string>();
        var views = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var opened = Events.Email(customer.Id, T0.AddMinutes(i), EmailAction.Opened);
            var view = Events.PageView(customer.Id, T0.AddMinutes(i), "pricing");
            opens.Add(opened.EventId);
            views.Add(view.EventId);
            customer.Apply(opened);
            customer.Apply(view);
        }

        // email_opened: max_times 5; pricing_page: max_times 2.
        Assert.Equal(Enumerable.Reverse(opens).Take(5), Rule(customer, "email_opened").EventIds);
        Assert.Equal(Enumerable.Reverse(views).Take(2), Rule(customer, "pricing_page").EventIds);

        var loaded = StateSerializer.Deserialize(StateSerializer.Serialize(customer.State), ruleset);
        var reloaded = ScoreExplainer.Explain(loaded, customer.Now).Groups.SelectMany(g => g.Rules).Single(r => r.RuleId == "email_opened");
        Assert.Equal(Enumerable.Reverse(opens).Take(5), reloaded.EventIds);

        // Loaded under the shipped limit (3), the newest three stay, in order.
        var shipped = StateSerializer.Deserialize(StateSerializer.Serialize(customer.State), DefaultRuleset.Load());
        var three = ScoreExplainer.Explain(shipped, customer.Now).Groups.SelectMany(g => g.Rules).Single(r => r.RuleId == "email_opened");
        Assert.Equal(Enumerable.Reverse(opens).Take(3), three.EventIds);
    }

    [Fact]
    public void More_than_twenty_ids_per_rule_is_an_error()
    {
        var error = Assert.Single(RulesetLoader.Load("limits: { event_ids_per_rule: 21 }").Errors);
        Assert.Contains("'event_ids_per_rule' must be a whole number from 1 to 20", error.Message, StringComparison.Ordinal);
    }
}
