using Realtime.Customers.State;

namespace Realtime.Customers.Tests.State;

public sealed class ScoreTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static List<(double Day, double Score)> Points(in ScoreTimeline timeline)
    {
        var points = new List<(double, double)>();
        for (var i = 0; i < timeline.Count; i++)
        {
            points.Add(((DateTimeOffset.FromUnixTimeMilliseconds(timeline[i].At) - T0).TotalDays, timeline[i].Score));
        }

        return points;
    }

    [Fact]
    public void A_change_a_day_for_four_months_keeps_the_start_the_last_days_point_by_point_and_thins_older_ones()
    {
        var timeline = new ScoreTimeline(16);
        for (var day = 0; day < 120; day++)
        {
            timeline.Record(Ms(T0.AddDays(day)), day + 0.25, coalesceMs: 60_000);
        }

        var points = Points(timeline);
        Assert.Equal(16, points.Count);
        Assert.Equal((0, 0.25), points[0]);
        Assert.Equal([115.0, 116, 117, 118, 119], points.TakeLast(5).Select(p => p.Day));

        // Every kept point is a true observation, and gaps grow with age.
        Assert.All(points, p => Assert.Equal(p.Day + 0.25, p.Score));
        var gaps = points.Zip(points.Skip(1), (a, b) => b.Day - a.Day).ToList();
        Assert.True(gaps[0] >= 16 && gaps[^1] == 1, string.Join(", ", gaps));
        for (var i = 1; i < gaps.Count; i++)
        {
            Assert.True(gaps[i] <= gaps[i - 1], $"gap {i} ({gaps[i]} days) is wider than the older one: {string.Join(", ", gaps)}");
        }
    }

    [Fact]
    public void Changes_closer_than_the_coalesce_interval_replace_the_last_point_and_equal_values_add_nothing()
    {
        var timeline = new ScoreTimeline(4);
        timeline.Record(Ms(T0), 10, coalesceMs: 60_000);
        timeline.Record(Ms(T0.AddSeconds(30)), 12, coalesceMs: 60_000);
        timeline.Record(Ms(T0.AddMinutes(5)), 12, coalesceMs: 60_000);
        timeline.Record(Ms(T0.AddMinutes(10)), 7.125, coalesceMs: 60_000);

        Assert.Equal([(0, 12), (10, 7.13)], Points(timeline).Select(p => (Math.Round(p.Day * 1440), p.Score)));
    }

    [Fact]
    public void A_point_equal_to_the_one_before_it_goes_first_when_full()
    {
        var timeline = new ScoreTimeline(4);
        timeline.Record(Ms(T0), 10, coalesceMs: 60_000);
        timeline.Record(Ms(T0.AddDays(1)), 30, coalesceMs: 60_000);
        timeline.Record(Ms(T0.AddDays(21)), 40, coalesceMs: 60_000);
        timeline.Record(Ms(T0.AddDays(21).AddSeconds(30)), 30, coalesceMs: 60_000); // back to 30: day 21 now repeats day 1
        timeline.Record(Ms(T0.AddDays(22)), 50, coalesceMs: 60_000);
        timeline.Record(Ms(T0.AddDays(23)), 60, coalesceMs: 60_000);

        // By span / age day 1 would go (21 days / 2 < 21 days / 1); day 21 goes because it repeats day 1's value.
        Assert.Equal([(0, 10), (1, 30), (22, 50), (23, 60)], Points(timeline));
    }

    [Theory]
    [InlineData(0, 40)]
    [InlineData(3, 40)]
    [InlineData(40, 3)]
    [InlineData(40, 0)]
    [InlineData(5, 16)]
    public void A_copy_holds_the_same_points_and_goes_on_like_the_original(int copiedDays, int targetDays)
    {
        // The target is the turn's reused undo copy: it held another customer's timeline before.
        static ScoreTimeline Timeline(int days)
        {
            var timeline = new ScoreTimeline(16);
            for (var day = 0; day < days; day++)
            {
                timeline.Record(Ms(T0.AddDays(day)), day, coalesceMs: 60_000);
            }

            return timeline;
        }

        var original = Timeline(copiedDays);
        var copy = Timeline(targetDays);

        copy.CopyFrom(original);
        Assert.Equal(Points(original), Points(copy));

        for (var day = 50; day < 70; day++)
        {
            original.Record(Ms(T0.AddDays(day)), day * 2, coalesceMs: 60_000);
            copy.Record(Ms(T0.AddDays(day)), day * 2, coalesceMs: 60_000);
            Assert.Equal(Points(original), Points(copy));
        }

        Assert.Equal(16, copy.Count);
    }
}
