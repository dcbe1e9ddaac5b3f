using System.Diagnostics;
using Realtime.Storage;

namespace Realtime.Storage.Tests;

/// <summary>
/// Kill -9 at the store level: a child process appends to a SQLite file at full speed and prints every
/// acknowledged event id; it is killed at a random moment, and after reopening every acknowledged id must be
/// stored exactly once. Repeated over several rounds on the same file.
/// </summary>
public sealed class CrashTests(SqliteTarget target) : IClassFixture<SqliteTarget>
{
    private const int Rounds = 12;
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kill9_AtRandomMoments_EveryAcknowledgedEventIsStoredExactlyOnce()
    {
        var options = target.NewDatabase();
        var host = Path.Combine(AppContext.BaseDirectory, "Realtime.Storage.CrashHost.dll");
        Assert.True(File.Exists(host), $"The crash host was not built next to the tests: {host}");
        var random = new Random(20261124);
        var acknowledged = new Dictionary<string, long>();

        for (var round = 0; round < Rounds; round++)
        {
            // Kill after a random number of acknowledgements: early (during start-up commits) to late.
            var killAfter = random.Next(1, 40) * 50;
            var acks = await RunAndKillAsync(host, options.DataDir, $"r{round}", killAfter);
            Assert.True(acks.Count >= killAfter, $"Round {round}: only {acks.Count} acks before the host stopped.");
            foreach (var (eventId, position) in acks)
            {
                acknowledged.Add(eventId, position);
            }

            await using var store = await RealtimeStore.OpenAsync(options, TimeProvider.System);
            var stored = new Dictionary<string, long>();
            await foreach (var record in store.EventLog.ReadAllAsync(0, int.MaxValue, default))
            {
                Assert.True(stored.TryAdd(record.EventId, record.Position), $"Round {round}: event {record.EventId} is stored twice.");
            }

            var missing = acknowledged.Where(a => !stored.TryGetValue(a.Key, out var p) || p != a.Value).Select(a => a.Key).Take(5).ToList();
            Assert.True(missing.Count == 0, $"Round {round}: acknowledged events lost or moved after kill -9: {string.Join(", ", missing)}");
        }
    }

    private static async Task<List<(string EventId, long Position)>> RunAndKillAsync(string host, string dataDir, string runId, int killAfter)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(dataDir);
        start.ArgumentList.Add(runId);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var acks = new List<(string, long)>();
        using var timeout = new CancellationTokenSource(RoundTimeout);
        try
        {
            while (acks.Count < killAfter)
            {
                var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    await process.WaitForExitAsync(timeout.Token);
                    Assert.Fail($"The crash host exited ({process.ExitCode}) before it was killed: {await stderr}");
                }

                AddAck(acks, line);
            }
        }
        finally
        {
            process.Kill(entireProcessTree: true);   // SIGKILL: no shutdown, no flush.
        }

        // Acks already written to the pipe before the kill were acknowledged too: read them to the end.
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } rest)
        {
            AddAck(acks, rest);
        }

        await process.WaitForExitAsync(timeout.Token);
        return acks;
    }

    private static void AddAck(List<(string, long)> acks, string line)
    {
        // A line cut by the kill lacks its "end" marker and is not counted.
        if (line.StartsWith("ack ", StringComparison.Ordinal))
        {
            var parts = line.Split(' ');
            if (parts.Length == 4 && parts[3] == "end")
            {
                acks.Add((parts[1], long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }
}
