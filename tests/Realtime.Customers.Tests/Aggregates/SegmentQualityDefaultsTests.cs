using Realtime.Customers.Aggregates;
using Realtime.Customers.Rules;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.Aggregates;

/// <summary>Segments.List flags too small and too spread out segments out of the box (30 members, 25 points).</summary>
public sealed class SegmentQualityDefaultsTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    private static List<string> Warnings(string bounds, int customers, int scoringHalf)
    {
        var ruleset = RulesetLoader.LoadOrThrow($$"""
            scoring:
              groups:
                - id: fit
                  rules:
                    - { id: target, when: 'traits.sector == "agrifood"', points: 60 }
            segments:
              - { id: seen, when: 'count("any") > 0'{{bounds}} }
            """);
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var aggregates = new SegmentAggregates(ruleset);
        for (var i = 0; i < customers; i++)
        {
            var state = CustomerEngine.CreateState(ruleset, $"c{i}");
            engine.Apply(workspace, state, Events.Traits(state.CustomerId, T0, t => t.Sector = i < scoringHalf ? "agrifood" : "retail"), T0);
            aggregates.Apply(workspace, T0);
            engine.Apply(workspace, state, Events.PageView(state.CustomerId, T0), T0);
            aggregates.Apply(workspace, T0);
        }

        return [.. aggregates.Snapshot(T0, []).Segments.Single().Warnings];
    }

    [Fact]
    public void Without_bounds_a_segment_under_30_members_is_flagged_too_small()
    {
        Assert.Equal(["too small: 29 customers, under 30"], Warnings("", customers: 29, scoringHalf: 0));
        Assert.Empty(Warnings("", customers: 30, scoringHalf: 0));
    }

    [Fact]
    public void Without_bounds_a_segment_whose_scores_spread_more_than_25_points_is_flagged_too_spread_out()
    {
        // Half at 60, half at 0: standard deviation 30.
        Assert.Equal(["too spread out: score standard deviation 30 over 25"], Warnings("", customers: 40, scoringHalf: 20));

        // 5 of 40 at 60: standard deviation about 19.8.
        Assert.Empty(Warnings("", customers: 40, scoringHalf: 5));
    }

    [Fact]
    public void None_turns_a_flag_off_and_explicit_bounds_replace_the_defaults()
    {
        Assert.Empty(Warnings(", min_size: none, max_stddev: none", customers: 4, scoringHalf: 2));
        Assert.Equal(["too small: 4 customers, under 5", "too spread out: score standard deviation 30 over 10"],
            Warnings(", min_size: 5, max_stddev: 10", customers: 4, scoringHalf: 2));

        var shipped = DefaultRuleset.Load().Segments.ToDictionary(s => s.Id);
        Assert.Equal((30, 25.0), (shipped["tennis_30_40"].MinSize, shipped["tennis_30_40"].MaxStdDev));
        Assert.Equal((10, 25.0), (shipped["inactive_90d"].MinSize, shipped["inactive_90d"].MaxStdDev));
        Assert.Equal((30, 20.0), (shipped["agrifood_hot_leads"].MinSize, shipped["agrifood_hot_leads"].MaxStdDev));
    }

    [Fact]
    public void Bounds_that_are_not_positive_are_errors_naming_the_segment()
    {
        var errors = RulesetLoader.Load("""
            segments:
              - { id: s, when: 'score > 0', min_size: 2.5, max_stddev: -1 }
            """).Errors;
        Assert.Equal(
            [("segments.s", "'min_size' must be a whole number of at least 1, or none (no flag)"), ("segments.s", "'max_stddev' must be a number above 0, or none (no flag)")],
            errors.Select(e => (e.Rule, e.Message)));
    }
}
