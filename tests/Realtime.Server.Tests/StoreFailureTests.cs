using Microsoft.Data.Sqlite;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>A stalled store makes ingest answer UNAVAILABLE; nothing acknowledged is lost and a retry is safe.</summary>
public sealed class StoreFailureTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Track_StoreLockedByAnotherWriter_AnswersUnavailableAndTheRetryAfterwardsCountsOnce()
    {
        var before = _api.NewEvent("stalled", e => e.FormFilled = new FormFilled { FormId = "a" });
        Assert.Equal(1, (await _api.TrackAsync(before)).Accepted);

        var during = _api.NewEvent("stalled", e => e.ContentDownloaded = new ContentDownloaded { ContentId = "b" });
        RpcException error;
        await using (var blocker = new SqliteConnection($"Data Source={Path.Combine(server.DataDir, "realtime.db")};Pooling=False"))
        {
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
            await using (var write = blocker.CreateCommand())
            {
                write.Transaction = (SqliteTransaction)transaction;
                write.CommandText = "CREATE TABLE stall (x INTEGER)"; // takes the write lock and holds it
                await write.ExecuteNonQueryAsync();
            }

            var timers = server.Clock.ActiveTimerCount;
            var track = _api.TrackAsync(during);

            // The append arms its timeout on the fake clock once it is queued: then let that timeout pass.
            Assert.True(SpinWait.SpinUntil(() => server.Clock.ActiveTimerCount > timers || track.IsCompleted, TimeSpan.FromSeconds(30)), "the append never armed its timeout");
            server.Clock.Advance(TimeSpan.FromSeconds(11));
            error = await Assert.ThrowsAsync<RpcException>(() => track);
            await transaction.RollbackAsync();
        }

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("nothing of this batch was acknowledged", error.Detail);

        // The sender retries the whole batch: stored or not during the stall, it now counts exactly once.
        var retry = await _api.TrackAsync(before, during);
        Assert.True(retry.Accepted + retry.Duplicates == 2, string.Join("; ", retry.Results));
        Assert.Contains(retry.Results, r => r.EventId == before.EventId && r.Outcome == EventOutcome.Duplicate);
        Assert.Equal(2, (await _api.GetAsync("stalled")).Events);
    }
}
