using Realtime.LoadGen.Options;

namespace Realtime.LoadGen.Tests;

/// <summary>The load generator's drivers against the real server, as a child process on loopback.</summary>
public sealed class EndToEndTests
{
    [Fact]
    public async Task A_three_second_run_gets_events_acknowledged_and_latencies_recorded_without_errors()
    {
        await using var server = await ServerProcess.StartAsync(TimeSpan.FromSeconds(60));
        var options = new LoadGenOptions
        {
            Target = server.GrpcAddress,
            Customers = 10_000,
            Seed = 3,
            Rate = 5_000,
            Duration = TimeSpan.FromSeconds(3),
            Streams = 2,
            Batch = 250,
            InFlight = 4,
            LookupsPerSec = 50,
            ConsistentLookups = true,                          // read your writes: a known customer is always found
            PressurePerSec = 20,
            Watch = true,
            Dashboard = server.HttpAddress,                    // SignalR /hubs/dashboard push probes
            PushProbesPerSec = 20,
            PushProbeCustomers = 8,
            ServerPid = server.Pid,
            RunId = "e2e",
        };
        using var progress = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));

        var summary = await new LoadRunner(options, TimeProvider.System, progress).RunAsync(timeout.Token);

        Assert.False(timeout.IsCancellationRequested, "the run ended by itself at its duration");
        Assert.Empty(summary.Errors);
        // Paced at 5,000/s for 3 s: never more than that (plus a batch's slack per stream); fewer when the (shared)
        // machine makes acks slow, since the in-flight bound then holds the senders back.
        Assert.InRange(summary.EventsSent, 1_000, 15_000 + (2 * 253));
        Assert.Equal(summary.EventsSent, summary.EventsAcknowledged);
        Assert.Equal(summary.EventsSent, summary.Accepted);
        Assert.Equal(0, summary.Rejected);
        Assert.Equal(summary.BatchesSent, summary.BatchesAcknowledged);
        Assert.InRange(summary.EventsPerSecond, 300, 7_500);
        Assert.InRange(summary.MaxBatchesInFlight, 1, 2 * 4);   // bounded: streams × in-flight per stream

        Assert.True(summary.Lookups > 20, $"lookups {summary.Lookups}");
        Assert.Equal(0, summary.LookupsNotFound);             // only customers whose traits were acknowledged, read consistently
        Assert.Equal(summary.Lookups, summary.Lookup.Count);
        Assert.InRange(summary.Lookups + summary.LookupsSkipped, 140, 151); // open loop: 50/s for 3 s, every slot accounted
        Assert.True(summary.Lookup.P50Ms > 0 && summary.Lookup.P99Ms >= summary.Lookup.P50Ms);
        Assert.True(summary.PressureGranted + summary.PressureDenied > 10);
        Assert.Equal(summary.PressureGranted + summary.PressureDenied, summary.Pressure.Count);
        Assert.DoesNotContain("UnknownCustomer", summary.PressureDenyReasons.Keys);

        Assert.True(summary.MembershipChanges > 0, "Segments.Watch pushed membership changes");
        Assert.True(summary.Push.Count > 0, "push latency measured");
        Assert.True(summary.Dashboard);
        Assert.True(summary.DashboardPush.Count > 0, "event -> SignalR push latency measured");
        Assert.Equal(0, summary.DashboardProbesMissed);
        Assert.True(summary.DashboardProbesSent > 8, $"probes sent {summary.DashboardProbesSent}");   // more than one round over the 8 probe customers
        Assert.Equal(summary.DashboardProbesSent, summary.DashboardPush.Count);                     // every probe's push arrived
        Assert.True(summary.DashboardPush.P99Ms >= summary.DashboardPush.P50Ms);
        Assert.True(summary.DashboardServerPush.Count > 0, "the hub's updates carried the server's own push latency");
        Assert.NotNull(summary.ServerMemory);
        Assert.True(summary.ServerMemory.RssBytesAfter > 0);
        Assert.NotNull(summary.ServerGc);                     // followed over EventPipe; a short run may see no collection
        Assert.StartsWith($"{summary.ServerGc.Collections} collections", summary.ServerGcSummary, StringComparison.Ordinal);

        Assert.Contains("ev/s acked", progress.ToString(), StringComparison.Ordinal);
        Assert.Contains("\"events_acknowledged\"", summary.ToJson(), StringComparison.Ordinal);
    }
}
