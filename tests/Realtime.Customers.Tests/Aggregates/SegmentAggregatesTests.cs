using Realtime.Contracts.V1;
using Realtime.Customers.Aggregates;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;

namespace Realtime.Customers.Tests.Aggregates;

public sealed class SegmentAggregatesTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    [Fact]
    public void Size_mean_stddev_and_matrix_equal_a_brute_force_recomputation_after_enters_leaves_and_score_changes()
    {
        var ruleset = DefaultRuleset.Load();
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var aggregates = new SegmentAggregates(ruleset);
        var customers = Enumerable.Range(0, 40).Select(i => CustomerEngine.CreateState(ruleset, $"c{i}")).ToArray();
        var random = new Random(42);
        var now = T0;
        for (var step = 0; step < 600; step++)
        {
            now = now.AddHours(random.Next(0, 30));
            var customer = customers[random.Next(customers.Length)];
            var e = random.Next(6) switch
            {
                0 => Events.Form(customer.CustomerId, now),
                1 => Events.Purchase(customer.CustomerId, now, random.Next(1, 500)),
                2 => Events.Traits(customer.CustomerId, now, t => { t.Sector = random.Next(2) == 0 ? "agrifood" : "retail"; t.CompanySize = random.Next(1, 200); }),
                3 => Events.Email(customer.CustomerId, now, EmailAction.Clicked),
                4 => Events.Download(customer.CustomerId, now),
                _ => Events.PageView(customer.CustomerId, now),
            };
            engine.Apply(workspace, customer, e, now);
            aggregates.Apply(workspace, now);
            foreach (var other in customers.Where(c => c.DueAt <= now.ToUnixTimeMilliseconds()))
            {
                engine.Wake(workspace, other, now);
                aggregates.Apply(workspace, now);
            }
        }

        var snapshot = aggregates.Snapshot(now);
        Assert.Equal(customers.Count(c => c.HasSeenEvents), snapshot.Customers);
        foreach (var stats in snapshot.Segments)
        {
            var members = customers.Where(c => c.IsInSegment(stats.Id)).ToArray();
            Assert.Equal(members.Length, stats.Size);
            var mean = members.Length == 0 ? 0 : members.Average(c => c.Score);
            var stddev = members.Length == 0 ? 0 : Math.Sqrt(members.Average(c => Math.Pow(c.Score - mean, 2)));
            Assert.Equal(mean, stats.ScoreMean, 9);
            Assert.Equal(stddev, stats.ScoreStddev, 9);
            foreach (var cell in stats.Matrix)
            {
                Assert.Equal(members.Count(c => c.Grade == cell.Grade && c.Stage == cell.Stage), cell.Count);
            }

            Assert.Equal(members.Length, stats.Matrix.Sum(c => c.Count));
        }

        Assert.Contains(snapshot.Segments, s => s.Size > 0);
    }

    [Fact]
    public void Restored_customers_equal_the_live_statistics_without_entries_or_flows_and_later_turns_move_them()
    {
        var ruleset = DefaultRuleset.Load();
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var live = new SegmentAggregates(ruleset);
        var customers = Enumerable.Range(0, 12).Select(i => CustomerEngine.CreateState(ruleset, $"r{i}")).ToArray();
        var now = T0;
        foreach (var (customer, i) in customers.Select((c, i) => (c, i)))
        {
            now = now.AddMinutes(1);
            engine.Apply(workspace, customer, i % 3 == 0 ? Events.Purchase(customer.CustomerId, now, 100 + i) : Events.Form(customer.CustomerId, now), now);
            live.Apply(workspace, now);
        }

        // A restart: a new instance counts what storage holds.
        var restored = new SegmentAggregates(ruleset);
        foreach (var customer in customers)
        {
            restored.Restore(MembershipSnapshot.Of(customer));
        }

        restored.Restore(MembershipSnapshot.Of(CustomerEngine.CreateState(ruleset, "never-seen")));
        var expected = live.Snapshot(now);
        var actual = restored.Snapshot(now);
        Assert.Equal(expected.Customers, actual.Customers);
        Assert.Equal(
            expected.Segments.Select(s => (s.Id, s.Size, s.ScoreMean, s.ScoreStddev)),
            actual.Segments.Select(s => (s.Id, s.Size, s.ScoreMean, s.ScoreStddev)));
        Assert.All(actual.Segments, s => Assert.Equal(0, s.EnteredLastHour));
        Assert.Empty(actual.Flows);

        now = now.AddMinutes(1);
        engine.Apply(workspace, customers[1], Events.Purchase(customers[1].CustomerId, now, 250), now);
        live.Apply(workspace, now);
        restored.Apply(workspace, now);
        Assert.Equal(
            live.Snapshot(now).Segments.Select(s => (s.Id, s.Size, s.ScoreMean)),
            restored.Snapshot(now).Segments.Select(s => (s.Id, s.Size, s.ScoreMean)));
    }

    [Fact]
    public void Counts_flows_between_segments_and_flags_quality()
    {
        var ruleset = RulesetLoader.LoadOrThrow("""
            segments:
              - id: browsing
                when: count("purchase") == 0
                min_size: 5
              - id: buying
                when: count("purchase") > 0
                max_stddev: 1
            scoring:
              groups:
                - id: g
                  rules:
                    - id: buy
                      on: purchase
                      points: 10
                      max_times: 1
                    - id: view
                      on: page_view
                      points: 3
            """);
        var engine = new CustomerEngine();
        var workspace = new TurnWorkspace();
        var aggregates = new SegmentAggregates(ruleset);
        var a = CustomerEngine.CreateState(ruleset, "a");
        var b = CustomerEngine.CreateState(ruleset, "b");
        void Apply(CustomerState state, Event e, DateTimeOffset at)
        {
            engine.Apply(workspace, state, e, at);
            aggregates.Apply(workspace, at);
        }

        Apply(a, Events.PageView("a", T0), T0);
        Apply(b, Events.PageView("b", T0), T0);
        Apply(a, Events.Purchase("a", T0.AddMinutes(1), 10), T0.AddMinutes(1));
        Apply(b, Events.Purchase("b", T0.AddMinutes(2), 10), T0.AddMinutes(2));
        Apply(b, Events.PageView("b", T0.AddMinutes(3)), T0.AddMinutes(3));

        var snapshot = aggregates.Snapshot(T0.AddMinutes(4), ["5m", "1h"]);
        Assert.Equal(2, snapshot.Customers);
        var flows = snapshot.Flows.Where(f => f.Window == "5m").ToDictionary(f => (f.From, f.To), f => f.Count);
        Assert.Equal(2, flows[("", "browsing")]);
        Assert.Equal(2, flows[("browsing", "buying")]);
        var browsing = snapshot.Segments.Single(s => s.Id == "browsing");
        Assert.Equal((0, 2, 2), (browsing.Size, browsing.EnteredLastHour, browsing.LeftLastHour));
        Assert.Contains(browsing.Warnings, w => w.StartsWith("too small", StringComparison.Ordinal));
        var buying = snapshot.Segments.Single(s => s.Id == "buying");
        Assert.Equal(2, buying.Size);
        Assert.Equal(14.5, buying.ScoreMean);
        Assert.Equal(1.5, buying.ScoreStddev);
        Assert.Contains(buying.Warnings, w => w.StartsWith("too spread out", StringComparison.Ordinal));

        var later = aggregates.Snapshot(T0.AddMinutes(30), ["5m"]);
        Assert.Empty(later.Flows);

        aggregates.Remove(MembershipSnapshot.Of(b), T0.AddMinutes(31));
        var erased = aggregates.Snapshot(T0.AddMinutes(31));
        Assert.Equal(1, erased.Customers);
        Assert.Equal((1, 13.0, 0.0), (erased.Segments.Single(s => s.Id == "buying").Size, erased.Segments.Single(s => s.Id == "buying").ScoreMean, erased.Segments.Single(s => s.Id == "buying").ScoreStddev));
    }
}
