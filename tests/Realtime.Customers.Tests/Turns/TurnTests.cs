using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.Turns;

public sealed class TurnTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    public static TheoryData<string, RejectionReason> InvalidEvents() => new()
    {
        { "no id", RejectionReason.MissingEventId },
        { "no customer", RejectionReason.MissingCustomer },
        { "no time", RejectionReason.MissingTimestamp },
        { "future", RejectionReason.TimestampInFuture },
        { "negative", RejectionReason.NegativeAmount },
        { "no type", RejectionReason.MissingType },
    };

    [Theory]
    [MemberData(nameof(InvalidEvents))]
    public void Invalid_events_are_rejected_with_a_reason_and_change_nothing(string kind, RejectionReason reason)
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Form(customer.Id, T0));
        var before = StateSerializer.Serialize(customer.State);
        var e = kind switch
        {
            "no id" => WithId(Events.Form(customer.Id, T0), ""),
            "no customer" => Events.Form("", T0),
            "no time" => WithoutTime(Events.Form(customer.Id, T0)),
            "future" => Events.Form(customer.Id, T0.AddMinutes(6)),
            "negative" => Events.Purchase(customer.Id, T0, -1),
            _ => Events.Base(customer.Id, T0),
        };
        var result = customer.Engine.Apply(customer.Workspace, customer.State, e, T0);
        Assert.Equal(TurnOutcome.Rejected, result.Outcome);
        Assert.Equal(reason, result.Rejection);
        Assert.NotNull(result.Message);
        Assert.Empty(customer.Workspace.Changes);
        Assert.Equal(before, StateSerializer.Serialize(customer.State));
    }

    [Fact]
    public void Clock_skew_within_the_configured_limit_is_accepted()
    {
        var engine = new CustomerEngine(new CustomerEngineOptions { MaxFutureSkew = TimeSpan.FromMinutes(10) });
        var state = CustomerEngine.CreateState(DefaultRuleset.Load(), "c1");
        Assert.True(engine.Apply(new TurnWorkspace(), state, Events.Form("c1", T0.AddMinutes(9)), T0).IsAccepted);
    }

    [Fact]
    public void A_failed_turn_restores_the_state_from_the_undo_copy()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Form(customer.Id, T0));
        var before = StateSerializer.Serialize(customer.State);
        customer.Workspace.Begin(customer.State);
        customer.State.Score = 99;
        customer.State.TypeTotals[0] = 1234;
        customer.State.Traits.Sector = "changed";
        customer.Workspace.Undo(customer.State);
        Assert.Equal(before, StateSerializer.Serialize(customer.State));
    }

    [Fact]
    public void Identifying_a_visitor_merges_the_anonymous_history_once_and_it_counts_toward_the_score()
    {
        var ruleset = DefaultRuleset.Load();
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var visitor = CustomerEngine.CreateState(ruleset, "anon-7");
        var form = Events.Form("", T0);
        form.AnonymousId = "anon-7";
        engine.Apply(workspace, visitor, form, T0);
        Assert.Equal(10, visitor.Score);

        var customer = CustomerEngine.CreateState(ruleset, "c9");
        var identify = Events.Traits("c9", T0.AddMinutes(5), t => t.Email = "ann@example.com");
        identify.AnonymousId = "anon-7";
        var result = engine.Apply(workspace, customer, identify, T0.AddMinutes(5));
        Assert.Equal("anon-7", result.MergeAnonymousId);

        engine.Merge(workspace, customer, "anon-7", visitor, T0.AddMinutes(5));
        Assert.Equal(10, customer.Score);
        Assert.Equal(LifecycleStage.Prospect, customer.Stage);
        Assert.Equal(["anon-7"], customer.AnonymousIds);
        Assert.Equal(2, customer.EventCount);
        Assert.Contains(workspace.Changes, c => c.Kind == ChangeKind.ScoreChanged && c.Reason == "merge");

        engine.Merge(workspace, customer, "anon-7", visitor, T0.AddMinutes(6));
        Assert.Equal(10, customer.Score);
        Assert.Equal(2, customer.EventCount);
        Assert.Empty(workspace.Changes);
        Assert.Null(engine.Apply(workspace, customer, identify, T0.AddMinutes(7)).MergeAnonymousId);
    }

    [Fact]
    public void Publishing_a_new_ruleset_re_evaluates_the_customer()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Form(customer.Id, T0));
        Assert.Equal(10, customer.State.Score);
        var richer = RulesetLoader.LoadOrThrow(
            DefaultRuleset.Yaml.Replace("points: 10\n          max_times: 3", "points: 25\n          max_times: 3", StringComparison.Ordinal),
            version: 2);
        Assert.Equal(25, richer.Rules.Single(r => r.Id == "form_filled").Points);
        customer.Engine.Rebind(customer.Workspace, customer.State, richer, T0.AddMinutes(1));
        Assert.Same(richer, customer.State.Ruleset);
        Assert.Equal(25, customer.State.Score);
        Assert.Contains(customer.Workspace.Changes, c => c.Kind == ChangeKind.ScoreChanged && c.Reason == "ruleset");
        Assert.Equal(LifecycleStage.Prospect, customer.State.Stage);
    }

    [Fact]
    public void Recent_interactions_are_bounded()
    {
        var customer = new CustomerHarness();
        for (var i = 0; i < 20; i++)
        {
            customer.Apply(Events.PageView(customer.Id, T0.AddMinutes(i), $"p{i}"));
        }

        var interactions = customer.State.InteractionEntries;
        Assert.Equal(3, interactions.Count);
        Assert.Equal("/p19", interactions[^1].Summary);
    }

    private static Event WithId(Event e, string id)
    {
        e.EventId = id;
        return e;
    }

    private static Event WithoutTime(Event e)
    {
        e.OccurredAt = null;
        return e;
    }
}
