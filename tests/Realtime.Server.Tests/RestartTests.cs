using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>A graceful restart on the same data: what the dashboard and the call centre see is what they saw before.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "realtime-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SegmentStatistics_AfterARestart_CountTheStoredCustomers()
    {
        ListSegmentsResponse before;
        await using (var first = await RunningServer.StartAsync(_dataDir, _clock))
        {
            await first.Api.TrackAsync(Hiker(first.Api, "restart-hiker-1"), Hiker(first.Api, "restart-hiker-2"));
            await first.Api.GetAsync("restart-hiker-1");
            await first.Api.GetAsync("restart-hiker-2");
            before = await first.Api.SegmentsAsync();
            Assert.Equal(2, Size(before, "hiking_shoes_43"));
        }

        await using var second = await RunningServer.StartAsync(_dataDir, _clock);
        var after = await second.Api.SegmentsAsync();

        Assert.Equal(before.Customers, after.Customers);
        Assert.Equal(
            before.Segments.Select(s => (s.Id, s.Size, Math.Round(s.ScoreMean, 6))),
            after.Segments.Select(s => (s.Id, s.Size, Math.Round(s.ScoreMean, 6))));

        // A stored customer's next turn moves the statistics from what was counted, not from nothing.
        await second.Api.TrackAsync(Hiker(second.Api, "restart-hiker-1"), Hiker(second.Api, "restart-hiker-3"));
        await second.Api.GetAsync("restart-hiker-1");
        await second.Api.GetAsync("restart-hiker-3");
        Assert.Equal(3, Size(await second.Api.SegmentsAsync(), "hiking_shoes_43"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner.
        }

        return Task.CompletedTask;
    }

    private static long Size(ListSegmentsResponse segments, string id) => segments.Segments.Single(s => s.Id == id).Size;

    private static Event Hiker(RealtimeApi api, string customerId) => api.NewEvent(customerId, e =>
    {
        e.Type = "product_question";
        e.Properties.Add("product", Value.ForString("hiking shoes"));
        e.Properties.Add("size", Value.ForNumber(43));
    });
}
