using Microsoft.Data.Sqlite;
using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>
/// The link an identifying event makes is stored in its batch's transaction. A visitor's anonymous event sent while
/// that batch is still committing must already go to the customer: reaching the visitor after its merge, it would
/// never count for the customer.
/// </summary>
public sealed class IdentificationRoutingTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task An_anonymous_event_sent_while_the_identifying_batch_commits_counts_for_the_customer()
    {
        const string anonymous = "anon-routing-1";
        const string customerId = "routing-1";
        await _api.TrackAsync(_api.NewEvent("", e => { e.AnonymousId = anonymous; e.FormFilled = new FormFilled { FormId = "newsletter" }; }));
        Assert.Equal(1, (await _api.GetAsync(new CustomerRef { AnonymousId = anonymous })).Events);

        Task<TrackResponse> identify, browse;
        await using (var blocker = new SqliteConnection($"Data Source={Path.Combine(server.DataDir, "realtime.db")};Pooling=False"))
        {
            // Another writer holds SQLite's write lock, so the identifying batch stays in its commit.
            await blocker.OpenAsync();
            await using var transaction = await blocker.BeginTransactionAsync(System.Data.IsolationLevel.Serializable);
            await using (var write = blocker.CreateCommand())
            {
                write.Transaction = (SqliteTransaction)transaction;
                write.CommandText = "CREATE TABLE stall_routing (x INTEGER)";
                await write.ExecuteNonQueryAsync();
            }

            // Each batch arms its answer's timeout on the fake clock once it is routed and queued for the log.
            var timers = server.Clock.ActiveTimerCount;
            identify = _api.TrackAsync(_api.NewEvent(customerId, e => { e.AnonymousId = anonymous; e.Traits = new Traits { Email = "erin@example.com" }; }));
            Assert.True(SpinWait.SpinUntil(() => server.Clock.ActiveTimerCount > timers || identify.IsCompleted, TimeSpan.FromSeconds(30)), "the identifying batch was never queued");
            browse = _api.TrackAsync(_api.NewEvent("", e => { e.AnonymousId = anonymous; e.PageView = new PageView { Url = "/pricing" }; }));
            Assert.True(SpinWait.SpinUntil(() => server.Clock.ActiveTimerCount > timers + 1 || browse.IsCompleted, TimeSpan.FromSeconds(30)), "the anonymous batch was never queued");
            await transaction.RollbackAsync();
        }

        Assert.Equal(1, (await identify).Accepted);
        Assert.Equal(1, (await browse).Accepted);
        var customer = await _api.GetAsync(customerId);
        Assert.Equal(3, customer.Events);
        Assert.Contains(anonymous, customer.AnonymousIds);
        Assert.Equal(customerId, (await _api.GetAsync(new CustomerRef { AnonymousId = anonymous })).CustomerId);
    }
}
