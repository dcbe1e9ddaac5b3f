using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;
using Realtime.Customers.Views;

namespace Realtime.Customers.Tests.Turns;

public sealed class SerializationTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    private static CustomerHarness Busy()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Traits(customer.Id, T0, t =>
        {
            t.Email = "a@b.c";
            t.Sector = "agrifood";
            t.CompanySize = 70;
            t.BirthDate = "1990-05-01";
            t.Interests.Add("tennis");
            t.Custom["tier"] = Google.Protobuf.WellKnownTypes.Value.ForString("vip");
        }));
        customer.Apply(Events.Form(customer.Id, T0.AddMinutes(1)));
        customer.Apply(Events.Email(customer.Id, T0.AddMinutes(2), EmailAction.Opened));
        customer.Apply(Events.Purchase(customer.Id, T0.AddDays(1), 250));
        customer.AdvanceTo(T0.AddDays(40));
        return customer;
    }

    [Fact]
    public void A_snapshot_holds_only_what_the_customer_has_seen()
    {
        // Snapshots are written for every changed customer every checkpoint: their size is the store's write load.
        var quiet = new CustomerHarness();
        quiet.Apply(Events.Traits(quiet.Id, T0, t => t.Email = "a@b.c"));
        var quietBytes = StateSerializer.Serialize(quiet.State);

        Assert.True(quietBytes.Length < 400, $"{quietBytes.Length} bytes for a customer with one traits event");
        var loaded = StateSerializer.Deserialize(quietBytes, quiet.Ruleset);
        Assert.Equal(quietBytes, StateSerializer.Serialize(loaded));
        Assert.Equal(1, loaded.EventCount);
        Assert.True(StateSerializer.Serialize(Busy().State).Length > quietBytes.Length);
    }

    [Fact]
    public void A_snapshot_round_trips_to_the_same_state_and_views()
    {
        var customer = Busy();
        var bytes = StateSerializer.Serialize(customer.State);
        var loaded = StateSerializer.Deserialize(bytes, customer.Ruleset);
        Assert.Equal(bytes, StateSerializer.Serialize(loaded));
        var now = T0.AddDays(40);
        Assert.Equal(CustomerViewBuilder.Build(customer.State, now), CustomerViewBuilder.Build(loaded, now));
        Assert.Equal(ScoreExplainer.Explain(customer.State, now), ScoreExplainer.Explain(loaded, now));
        Assert.Equal(HistoryBuilder.Build(customer.State), HistoryBuilder.Build(loaded));
        Assert.Equal(customer.State.DueAt, loaded.DueAt);
        Assert.Equal(1, StateSerializer.ReadRulesetVersion(bytes));
    }

    [Fact]
    public void A_snapshot_loads_under_another_ruleset_by_name()
    {
        var customer = Busy();
        var bytes = StateSerializer.Serialize(customer.State);
        var next = DefaultRuleset.Load(version: 2);
        var loaded = StateSerializer.Deserialize(bytes, next);
        Assert.Same(next, loaded.Ruleset);
        Assert.Equal(customer.State.Score, loaded.Score);
        Assert.Equal(customer.State.TotalOf("form_filled"), loaded.TotalOf("form_filled"));
        Assert.True(loaded.IsInSegment("active_90d"));
    }

    [Fact]
    public void A_snapshot_loaded_under_another_version_needs_a_rebind_which_evaluates_what_the_new_version_adds()
    {
        var customer = Busy();
        var bytes = StateSerializer.Serialize(customer.State);
        Assert.False(StateSerializer.Deserialize(bytes, customer.Ruleset).NeedsRebind);

        var next = RulesetLoader.LoadOrThrow(DefaultRuleset.Yaml.Replace(
            "segments:\n", "segments:\n  - id: big_companies\n    when: traits.company_size >= 50\n", StringComparison.Ordinal), version: 2);
        var loaded = StateSerializer.Deserialize(bytes, next);
        Assert.True(loaded.NeedsRebind);
        Assert.False(loaded.IsInSegment("big_companies"));

        customer.Engine.Rebind(customer.Workspace, loaded, next, T0.AddDays(40));
        Assert.False(loaded.NeedsRebind);
        Assert.True(loaded.IsInSegment("big_companies"));
        Assert.Contains(customer.Workspace.Changes, c => c.Kind == ChangeKind.SegmentEntered && c.Segment == "big_companies");
    }

    [Fact]
    public void Rejects_bytes_that_are_not_a_snapshot() =>
        Assert.Throws<InvalidDataException>(() => StateSerializer.Deserialize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], DefaultRuleset.Load()));
}
