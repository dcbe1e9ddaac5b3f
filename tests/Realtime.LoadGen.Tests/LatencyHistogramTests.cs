using Realtime.LoadGen.Stats;

namespace Realtime.LoadGen.Tests;

public sealed class LatencyHistogramTests
{
    private static long Exact(long[] sorted, double percentile) =>
        sorted[Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * sorted.Length)) - 1];

    [Fact]
    public void Percentiles_match_a_sorted_array_within_the_bucket_precision()
    {
        var random = new Random(7);
        var values = new long[100_000];
        for (var i = 0; i < values.Length; i++)
        {
            // Log-uniform from 1 µs to 10 s, plus a few exact small values: every bucket range is exercised.
            values[i] = i % 10 == 0 ? random.Next(128) : (long)Math.Exp(random.NextDouble() * Math.Log(10_000_000));
        }

        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        Array.Sort(values);
        foreach (var p in new[] { 0.0, 1, 10, 50, 90, 99, 99.9, 99.99, 100 })
        {
            var exact = Exact(values, p);
            var reported = histogram.ValueAtPercentile(p);
            Assert.InRange(reported, exact, exact + (exact / 64) + 1);
        }

        Assert.Equal(values.Length, histogram.Count);
        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(values[0], histogram.Min);
        Assert.Equal(values.Average(v => (double)v), histogram.Mean, 6);
    }

    [Fact]
    public void Small_values_are_exact_and_an_empty_histogram_reports_zero()
    {
        var histogram = new LatencyHistogram();
        Assert.Equal(0, histogram.ValueAtPercentile(99));

        for (var v = 1; v <= 100; v++)
        {
            histogram.Record(v);
        }

        Assert.Equal(50, histogram.ValueAtPercentile(50));
        Assert.Equal(99, histogram.ValueAtPercentile(99));
        Assert.Equal(100, histogram.ValueAtPercentile(99.9));
    }

    [Fact]
    public void Buckets_cover_every_long_and_their_bounds_are_consistent()
    {
        foreach (var v in new long[] { 0, 1, 127, 128, 129, 255, 256, 1_000_000, long.MaxValue / 2, long.MaxValue })
        {
            var index = LatencyHistogram.IndexOf(v);
            Assert.True(LatencyHistogram.HighestIn(index) >= v);
            Assert.True(index == 0 || LatencyHistogram.HighestIn(index - 1) < v);
        }
    }

    [Fact]
    public async Task Concurrent_recording_loses_nothing()
    {
        var histogram = new LatencyHistogram();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                histogram.Record(i % 5000);
            }
        })));

        Assert.Equal(400_000, histogram.Count);
        Assert.Equal(4999, histogram.Max);
    }
}
