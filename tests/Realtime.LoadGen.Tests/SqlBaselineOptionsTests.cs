using Realtime.LoadGen.Baseline;
using Realtime.LoadGen.Workload;
using Realtime.Contracts.V1;

namespace Realtime.LoadGen.Tests;

public sealed class SqlBaselineOptionsTests
{
    [Fact]
    public void The_options_are_read_and_postgres_is_required()
    {
        var options = SqlBaselineOptions.Parse(["--postgres", "Host=127.0.0.1", "--connections=4", "--lookups-per-sec", "5000", "--duration", "20s", "--schema", "bench_1"]);
        Assert.Equal("Host=127.0.0.1", options.Postgres);
        Assert.Equal(4, options.Connections);
        Assert.Equal(5000, options.LookupsPerSec);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Duration);
        Assert.Equal("bench_1", options.Schema);

        var missing = Assert.Throws<ArgumentException>(() => SqlBaselineOptions.Parse(["--duration", "5s"]));
        Assert.Equal("baseline-sql needs --postgres CONNSTRING (an Npgsql connection string)", missing.Message);
        Assert.True(SqlBaselineOptions.Parse(["--help"]).Help);
    }

    [Theory]
    [InlineData("--schema", "public; DROP TABLE x", "--schema must be a lower-case SQL identifier (a-z, 0-9, _; at most 63), got 'public; DROP TABLE x'")]
    [InlineData("--connections", "0", "--connections must be an integer in 1..256, got '0'")]
    [InlineData("--bogus", "1", "unknown option '--bogus' for baseline-sql (see baseline-sql --help)")]
    public void Bad_values_name_the_option(string option, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => SqlBaselineOptions.Parse(["--postgres", "Host=x", option, value]));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Every_generated_event_has_a_row_key_and_complaints_cost_points()
    {
        var generator = new WorkloadGenerator(1_000, 1, "t", new Realtime.Testing.FakeTimeProvider());
        var events = Enumerable.Range(0, 20).SelectMany(_ => generator.NextBatch(500).Request.Events).ToList();
        Assert.All(events, e => Assert.NotEmpty(BaselineScoring.Key(e)));
        Assert.Contains(events, e => BaselineScoring.Key(e).StartsWith('~'));   // anonymous visitors get their own row
        Assert.True(BaselineScoring.Points(new Event { Complaint = new Complaint() }) < 0);
        Assert.True(BaselineScoring.Points(new Event { Purchase = new Purchase() }) > 0);
    }
}
