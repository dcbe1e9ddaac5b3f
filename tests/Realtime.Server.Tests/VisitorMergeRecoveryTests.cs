using Microsoft.Extensions.DependencyInjection;
using Realtime.Contracts.V1;
using Realtime.Server.Hosting;
using Realtime.Server.Tests.Infrastructure;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// A visitor merged into the customer who identified them is saved on its own schedule, and so is the customer: when
/// the process dies after the emptied visitor was saved but before the merged customer was, the customer replays the
/// identifying event and must still get the visitor's history, once. On SQLite and on PostgreSQL.
/// </summary>
public sealed class VisitorMergeRecoveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "realtime-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Killed_after_the_retired_visitor_was_saved_but_not_its_customer_the_restart_counts_the_history_once(string vendor)
    {
        await using var postgres = vendor == "PostgreSql" ? await TestPostgres.CreateSchemaAsync() : null;
        const string anonymous = "anon-merge-crash";
        const string customerId = "merge-crash-1";
        await using (var first = await RunningServer.StartAsync(_dataDir, _clock, postgres?.ConnectionString))
        {
            var api = first.Api;
            await api.TrackAsync(
                api.NewEvent("", e => { e.AnonymousId = anonymous; e.FormFilled = new FormFilled { FormId = "newsletter" }; }),
                api.NewEvent("", e => { e.AnonymousId = anonymous; e.ContentDownloaded = new ContentDownloaded { ContentId = "guide" }; }));
            await api.TrackAsync(api.NewEvent(customerId, e => { e.AnonymousId = anonymous; e.Traits = new Traits { Email = "dora@example.com" }; }));
            Assert.Equal(3, (await api.GetAsync(customerId)).Events);

            // The emptied visitor is durable, the merged customer is not (its save is not due on the fake clock).
            var engine = first.App.Services.GetRequiredService<RealtimeEngine>();
            await engine.Actors.Visitors.FlushAsync();
            engine.Kill();
        }

        await using (var second = await RunningServer.StartAsync(_dataDir, _clock, postgres?.ConnectionString))
        {
            var customer = await second.Api.GetAsync(customerId);

            Assert.Equal(3, customer.Events);
            Assert.Contains(anonymous, customer.AnonymousIds);
            Assert.Equal(1, (await second.Api.SegmentsAsync()).Customers);
        }

        // Merged once: a clean restart (everything saved) neither loses nor repeats it.
        await using var third = await RunningServer.StartAsync(_dataDir, _clock, postgres?.ConnectionString);
        Assert.Equal(3, (await third.Api.GetAsync(customerId)).Events);
        Assert.Equal(1, (await third.Api.SegmentsAsync()).Customers);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written (PostgreSQL keeps its data in its schema).
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }

        return Task.CompletedTask;
    }
}
