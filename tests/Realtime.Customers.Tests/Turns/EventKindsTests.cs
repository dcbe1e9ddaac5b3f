using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Realtime.Customers.Tests.Turns;

public sealed class EventKindsTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    [Fact]
    public void Questionnaire_interests_and_custom_traits_are_readable_by_rules()
    {
        var customer = new CustomerHarness(Rulesets.WithSegment("has_interest(\"running\") && traits.custom.plan in [\"pro\", \"team\"]"));
        var answers = Events.Base(customer.Id, T0);
        answers.Questionnaire = new QuestionnaireAnswered { QuestionnaireId = "q1" };
        answers.Questionnaire.Interests.Add("Running");
        customer.Apply(answers);
        Assert.False(customer.InSegment("s"));
        customer.Apply(Events.Traits(customer.Id, T0.AddMinutes(1), t => t.Custom["plan"] = ProtoValue.ForString("team")));
        Assert.True(customer.InSegment("s"));
    }

    [Fact]
    public void Rules_on_any_fire_for_every_event_but_traits()
    {
        var ruleset = RulesetLoader.LoadOrThrow("""
            scoring:
              groups:
                - id: g
                  rules:
                    - id: touch
                      on: any
                      points: 1
            """);
        var customer = new CustomerHarness(ruleset);
        customer.Apply(Events.Traits(customer.Id, T0, t => t.Name = "Ann"));
        customer.Apply(Events.PageView(customer.Id, T0.AddMinutes(1)));
        customer.Apply(Events.Open(customer.Id, T0.AddMinutes(2), "chat_started"));
        Assert.Equal(2, customer.State.Score);
    }

    [Fact]
    public void Score_history_coalesces_changes_within_a_minute()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Form(customer.Id, T0), T0);
        customer.Apply(Events.Download(customer.Id, T0.AddSeconds(10)), T0.AddSeconds(10));
        customer.Apply(Events.Download(customer.Id, T0.AddMinutes(5)), T0.AddMinutes(5));
        var history = customer.State.ScoreHistoryEntries;
        Assert.Equal([(T0.ToUnixTimeMilliseconds(), 15.0), (T0.AddMinutes(5).ToUnixTimeMilliseconds(), 20.0)], history.Select(h => (h.At, h.Score)));
    }

    [Fact]
    public void Tier_changes_are_emitted()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.PageView(customer.Id, T0));
        Assert.Contains(customer.Workspace.Changes, c => c.Kind == ChangeKind.TierChanged && c.OldValue == null && c.NewValue == "standard");
        customer.Apply(Events.Purchase(customer.Id, T0.AddMinutes(1), 10));
        Assert.Contains(customer.Workspace.Changes, c => c.Kind == ChangeKind.TierChanged && c.OldValue == "standard" && c.NewValue == "silver");
    }

    [Fact]
    public void Event_props_compare_by_the_other_sides_type()
    {
        var ruleset = RulesetLoader.LoadOrThrow("""
            interests:
              - id: big_feet
                on: product_question
                when: event.props.size >= 43 && event.props.product in ["hiking shoes", "boots"] && event.props.urgent
                add: big-feet
            """);
        var customer = new CustomerHarness(ruleset);
        customer.Apply(Events.Open(customer.Id, T0, "product_question", ("size", ProtoValue.ForString("44")), ("product", ProtoValue.ForString("Boots")), ("urgent", ProtoValue.ForBool(true))));
        Assert.Contains("big-feet", customer.State.Traits.Interests);
    }
}
