using Realtime.Customers.Aggregates;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.Aggregates;

/// <summary>Moves caused by a publish's re-evaluation are real moves: counted in entered/left and in the flows, by segment id.</summary>
public sealed class SegmentFlowsOnPublishTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    private static CompiledRuleset Ruleset(long version, int bigFrom, string extra = "") => RulesetLoader.LoadOrThrow($$"""
        segments:
          - { id: seen, when: 'count("any") > 0', min_size: none, max_stddev: none }
          - { id: big, when: 'traits.company_size >= {{bigFrom}}', min_size: none, max_stddev: none }
          - { id: small, when: 'traits.company_size < {{bigFrom}}', min_size: none, max_stddev: none }
        {{extra}}
        """, version);

    [Fact]
    public void A_publish_that_moves_customers_counts_their_moves_in_flows_and_entered_left_and_staying_is_no_move()
    {
        var v1 = Ruleset(1, bigFrom: 100);
        var v2 = Ruleset(2, bigFrom: 40, "  - { id: sized, when: 'traits.company_size > 0', min_size: none, max_stddev: none }");
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var aggregates = new SegmentAggregates(v1);
        var customers = new List<CustomerState>();
        foreach (var size in new[] { 45, 45, 10 })
        {
            var state = CustomerEngine.CreateState(v1, $"c{customers.Count}");
            engine.Apply(workspace, state, Events.Traits(state.CustomerId, T0, t => t.CompanySize = size), T0);
            aggregates.Apply(workspace, T0);
            engine.Apply(workspace, state, Events.PageView(state.CustomerId, T0), T0);
            aggregates.Apply(workspace, T0);
            customers.Add(state);
        }

        // Three hours later (the event-driven moves are out of every window), publish v2: the two 45s move small → big.
        var publishedAt = T0.AddHours(3);
        aggregates.SetActiveRuleset(v2);
        foreach (var state in customers)
        {
            engine.Rebind(workspace, state, v2, publishedAt);
            aggregates.Apply(workspace, publishedAt);
        }

        var snapshot = aggregates.Snapshot(publishedAt, ["5m", "1h"]);
        var flows = snapshot.Flows.Where(f => f.Window == "1h").ToDictionary(f => (f.From, f.To), f => f.Count);
        Assert.Equal(2, flows[("small", "big")]);
        Assert.Equal(2, flows[("small", "sized")]); // entered the new segment too, leaving small
        Assert.Equal(1, flows[("", "sized")]); // the 10 entered only the new segment
        Assert.Equal(3, flows.Count);

        var segments = snapshot.Segments.ToDictionary(s => s.Id);
        Assert.Equal((2, 2, 0), (segments["big"].Size, segments["big"].EnteredLastHour, segments["big"].LeftLastHour));
        Assert.Equal((1, 0, 2), (segments["small"].Size, segments["small"].EnteredLastHour, segments["small"].LeftLastHour));
        Assert.Equal((3, 0, 0), (segments["seen"].Size, segments["seen"].EnteredLastHour, segments["seen"].LeftLastHour));
        Assert.Equal((3, 3, 0), (segments["sized"].Size, segments["sized"].EnteredLastHour, segments["sized"].LeftLastHour));

        // The flows agree with the segments' "entered in the last hour".
        foreach (var segment in snapshot.Segments)
        {
            Assert.Equal(segment.EnteredLastHour > 0, flows.Keys.Any(k => k.To == segment.Id));
        }
    }

    [Fact]
    public void A_segment_the_publish_removes_is_no_move()
    {
        var v1 = Ruleset(1, bigFrom: 100);
        var v2 = RulesetLoader.LoadOrThrow("""
            segments:
              - { id: seen, when: 'count("any") > 0', min_size: none, max_stddev: none }
            """, 2);
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var aggregates = new SegmentAggregates(v1);
        var state = CustomerEngine.CreateState(v1, "c");
        engine.Apply(workspace, state, Events.Traits("c", T0, t => t.CompanySize = 10), T0);
        aggregates.Apply(workspace, T0);
        engine.Apply(workspace, state, Events.PageView("c", T0), T0);
        aggregates.Apply(workspace, T0);

        aggregates.SetActiveRuleset(v2);
        engine.Rebind(workspace, state, v2, T0.AddHours(3));
        aggregates.Apply(workspace, T0.AddHours(3));

        var snapshot = aggregates.Snapshot(T0.AddHours(3), ["1h"]);
        Assert.Empty(snapshot.Flows);
        Assert.Equal((1, 0, 0), snapshot.Segments.Select(s => (s.Size, s.EnteredLastHour, s.LeftLastHour)).Single());
    }
}
