using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Server.Tests.Infrastructure;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>A store outage fails every ingest batch: each sender is told UNAVAILABLE, the log says so once a second.</summary>
public sealed class StoreOutageLogTests : IAsyncLifetime
{
    private const string Unavailable = "Ingest answered UNAVAILABLE";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "realtime-tests", Guid.NewGuid().ToString("N"));
    private readonly ConcurrentQueue<string> _log = new();

    [Fact]
    public async Task EveryBatchFailsDuringAnOutage_OneLineASecondCountsTheOthers_AndIngestResumesAfterIt()
    {
        await using var server = await RunningServer.StartAsync(_dataDir, _clock, configure: builder => builder.Logging.AddProvider(new CollectingLoggerProvider(_log)));
        var api = server.Api;

        // The outage: every insert into the log now fails at once (a disk that refuses writes behaves the same).
        await ExecuteAsync("CREATE TRIGGER outage BEFORE INSERT ON event_log BEGIN SELECT RAISE(ABORT, 'injected outage'); END");
        for (var i = 0; i < 5; i++)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => api.TrackAsync(api.NewEvent($"outage-{i}", e => e.FormFilled = new FormFilled { FormId = "f" })));
            Assert.Equal(StatusCode.Unavailable, error.StatusCode);
            Assert.Contains("injected outage", error.Detail);
        }

        var first = Assert.Single(_log, line => line.Contains(Unavailable, StringComparison.Ordinal));
        Assert.Contains("(and 0 other batches", first);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<RpcException>(() => api.TrackAsync(api.NewEvent("outage-5", e => e.FormFilled = new FormFilled { FormId = "f" })));
        var lines = _log.Where(line => line.Contains(Unavailable, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("(and 4 other batches since the last line like this one, not logged)", lines[1]);

        await ExecuteAsync("DROP TRIGGER outage");
        var retried = api.NewEvent("outage-0", e => e.FormFilled = new FormFilled { FormId = "f" });
        Assert.Equal(1, (await api.TrackAsync(retried)).Accepted);
        Assert.Equal(1, (await api.GetAsync("outage-0")).Events);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_dataDir, recursive: true);
        return Task.CompletedTask;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "realtime.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
