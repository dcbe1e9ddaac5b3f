using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Realtime.Server.Tests;

/// <summary>
/// Issue 5's crash test: a real server process ingesting at full speed is killed with SIGKILL at random moments;
/// after each restart every acknowledged event is reflected exactly once in its customer's state. On SQLite (a data
/// folder) and on PostgreSQL (a fresh schema of the throw-away server, see <see cref="TestPostgres"/>).
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rounds = 10;
    private const int Customers = 40;
    private const int Senders = 4;
    private const int BatchSize = 200;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "realtime-crash", Guid.NewGuid().ToString("N"));

    // The server process runs on the system clock, and its checkpoint compacts log records older than
    // Realtime:LogRetention (7 days) that snapshots cover; a compacted id is no longer a duplicate. The events
    // happen now, as a sender's retries do, so the final resend is answered "duplicate" for everything stored.
    private readonly DateTimeOffset _occurredAt = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task KillDashNine_AtRandomMoments_EveryAcknowledgedEventCountsExactlyOnce(string vendor)
    {
        await using var postgres = vendor == "PostgreSql" ? await TestPostgres.CreateSchemaAsync() : null;
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(20261124);
        var sent = new ConcurrentDictionary<string, Event>();
        var acknowledged = new ConcurrentDictionary<string, string>();
        for (var round = 0; round < Rounds; round++)
        {
            await using var server = await ServerProcess.StartAsync(_dataDir, postgres?.ConnectionString);
            using var channel = server.CreateChannel();
            var api = new RealtimeApi(channel, () => _occurredAt);
            await AssertAcknowledgedAreReflectedAsync(api, server, sent, acknowledged, $"{vendor}, after restart {round}");

            // Full speed from several senders; the kill lands after a random number of acknowledged batches.
            var killAfter = random.Next(3, 25);
            var acknowledgedBatches = 0;
            var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var senders = Enumerable.Range(0, Senders).Select(sender => Task.Run(async () =>
            {
                for (var batch = 0; !killed.Task.IsCompleted; batch++)
                {
                    var events = Enumerable.Range(0, BatchSize).Select(i => NewEvent(round, sender, batch, i)).ToArray();
                    foreach (var e in events)
                    {
                        sent[e.EventId] = e;
                    }

                    try
                    {
                        var response = await api.TrackAsync(events);
                        foreach (var e in events)
                        {
                            acknowledged[e.EventId] = e.CustomerId;
                        }

                        if (Interlocked.Increment(ref acknowledgedBatches) == killAfter)
                        {
                            server.Kill();
                            killed.TrySetResult();
                        }
                    }
                    catch (Exception ex) when (ex is RpcException or HttpRequestException or IOException or OperationCanceledException)
                    {
                        return; // the server is gone: this batch was not acknowledged
                    }
                }
            })).ToArray();
            await killed.Task.WaitAsync(TimeSpan.FromSeconds(120));
            await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(60));
            output.WriteLine($"{vendor} round {round} ({elapsed.Elapsed.TotalSeconds:F1} s): killed after {killAfter} batches; {acknowledged.Count} acknowledged of {sent.Count} sent so far");
        }

        // After the last crash: every acknowledged event is there, each once, and nothing unacknowledged twice.
        await using (var server = await ServerProcess.StartAsync(_dataDir, postgres?.ConnectionString))
        {
            using var channel = server.CreateChannel();
            var api = new RealtimeApi(channel, () => _occurredAt);
            await AssertAcknowledgedAreReflectedAsync(api, server, sent, acknowledged, $"{vendor}, after the last restart");
            var sentPerCustomer = sent.Values.GroupBy(e => e.CustomerId).ToDictionary(g => g.Key, g => g.LongCount());

            // Resending everything: what was stored is a duplicate, the rest is accepted; then each event counts once.
            long duplicates = 0;
            foreach (var chunk in sent.Values.Chunk(1000))
            {
                duplicates += (await api.TrackAsync(chunk)).Duplicates;
            }

            Assert.True(duplicates >= acknowledged.Count, $"{duplicates} duplicates for {acknowledged.Count} acknowledged events");
            foreach (var (customer, count) in sentPerCustomer)
            {
                Assert.Equal(count, (await api.GetAsync(customer)).Events);
            }
        }
    }

    // Each customer holds at least its acknowledged events and at most what was sent (some unacknowledged batches
    // were stored before the kill); the final resend then shows that none counted twice.
    private static async Task AssertAcknowledgedAreReflectedAsync(
        RealtimeApi api, ServerProcess server, ConcurrentDictionary<string, Event> sent, ConcurrentDictionary<string, string> acknowledged, string when)
    {
        var acknowledgedPerCustomer = acknowledged.GroupBy(a => a.Value).ToDictionary(g => g.Key, g => g.LongCount());
        foreach (var (customer, count) in sent.Values.GroupBy(e => e.CustomerId).Select(g => (g.Key, g.LongCount())))
        {
            var events = (await api.GetAsync(customer)).Events;
            acknowledgedPerCustomer.TryGetValue(customer, out var acked);
            Assert.True(events >= acked && events <= count, $"{when}: {customer} has {events} events in state, {acked} acknowledged, {count} sent.\n{server.Output}");
        }
    }

    private Event NewEvent(int round, int sender, int batch, int index) => new()
    {
        EventId = $"r{round}-s{sender}-b{batch}-{index}",
        CustomerId = $"crash-{(sender * 7919 + batch * 31 + index) % Customers}",
        OccurredAt = Timestamp.FromDateTimeOffset(_occurredAt),
        Type = "ping",
    };
}
