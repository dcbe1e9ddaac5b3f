using System.Text.Json;
using Realtime.Live.Tests.Infrastructure;

namespace Realtime.Live.Tests;

/// <summary>
/// The server-side segment-size history: sampled on the clock (a point per 10 s for an hour, per minute for a day),
/// whether or not anyone listens, sent whole in the snapshot and point by point in updates.
/// </summary>
public sealed class SegmentHistoryTests
{
    private static readonly long Start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    [Fact]
    public async Task Snapshot_OfANewDashboard_CarriesTheSizesSampledBeforeItConnected()
    {
        await using var host = await LiveTestHost.StartAsync();
        host.Source.SetSegment("vip", 10);
        host.Push();
        await host.Source.WaitForCapturesAsync(1);
        for (var i = 1; i <= 5; i++)
        {
            host.Source.SetSegment("vip", 10 + i);
            host.Clock.Advance(TimeSpan.FromSeconds(10));
            await host.Source.WaitForCapturesAsync(1 + i); // with no one listening, a capture only when a point is due
        }

        host.Source.SetSegment("vip", 99); // live now, but not yet a history point
        await using var client = await DashboardHubTests.ConnectAsync(host);
        host.Push();
        var history = (await client.NextAsync("snapshot")).Payload.GetProperty("history");

        var tenSeconds = Resolution(history, 10);
        Assert.Equal(3600, tenSeconds.GetProperty("spanSeconds").GetInt64());
        Assert.Equal(Enumerable.Range(0, 6).Select(i => Start + (10 * i)), Longs(tenSeconds.GetProperty("times")));
        Assert.Equal([10, 11, 12, 13, 14, 15], Longs(tenSeconds.GetProperty("sizes").GetProperty("vip")));
        var minutes = Resolution(history, 60);
        Assert.Equal([Start], Longs(minutes.GetProperty("times")));
        Assert.Equal([10], Longs(minutes.GetProperty("sizes").GetProperty("vip")));
    }

    [Fact]
    public async Task History_AfterMoreThanADay_KeepsOnlyTheLastHourAndTheLastDay()
    {
        await using var host = await LiveTestHost.StartAsync();
        host.Source.SetSegment("vip", 0);
        host.Push();
        await host.Source.WaitForCapturesAsync(1);
        const int minutes = 1500; // 25 h
        for (var i = 1; i <= minutes; i++)
        {
            host.Source.SetSegment("vip", i);
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            await host.Source.WaitForCapturesAsync(1 + i);
        }

        await using var client = await DashboardHubTests.ConnectAsync(host);
        host.Push();
        var history = (await client.NextAsync("snapshot")).Payload.GetProperty("history");

        var end = Start + (60L * minutes);
        var hour = Resolution(history, 10);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => end - 3540 + (60L * i)), Longs(hour.GetProperty("times"))); // a point a minute: the clock moved by minutes
        Assert.Equal(Enumerable.Range(minutes - 59, 60).Select(i => (long)i), Longs(hour.GetProperty("sizes").GetProperty("vip")));
        var day = Resolution(history, 60);
        var times = Longs(day.GetProperty("times"));
        Assert.Equal(1440, times.Count);
        Assert.Equal(end - (60L * 1439), times[0]);
        Assert.Equal(end, times[^1]);
    }

    [Fact]
    public async Task Update_WhenATenSecondStepPasses_AppendsThePoint_AndSegmentsGoneForTheWholeSpanAreDropped()
    {
        await using var host = await LiveTestHost.StartAsync();
        host.Source.SetSegment("vip", 10);
        host.Source.SetSegment("old", 3);
        await using var client = await DashboardHubTests.ConnectAsync(host);
        host.Push();
        await client.NextAsync("snapshot");

        host.Source.SetSegment("vip", 20);
        host.Clock.Advance(TimeSpan.FromSeconds(10));
        var point = await NextPointAsync(client, 10);
        Assert.Equal(Start + 10, point.GetProperty("at").GetInt64());
        Assert.Equal(20, point.GetProperty("sizes").GetProperty("vip").GetInt64());
        Assert.Equal(3, point.GetProperty("sizes").GetProperty("old").GetInt64());

        host.Source.RemoveSegment("old");
        host.Clock.Advance(TimeSpan.FromHours(1));
        await NextPointAsync(client, 10);
        await client.InvokeAsync("Subscribe");
        host.Push();
        var sizes = Resolution((await client.NextAsync("snapshot")).Payload.GetProperty("history"), 10).GetProperty("sizes");
        Assert.False(sizes.TryGetProperty("old", out _), sizes.ToString());
        Assert.Equal([20], Longs(sizes.GetProperty("vip")));
    }

    // Updates may come without a point (a push inside the same step); the one with a point of this step is awaited.
    private static async Task<JsonElement> NextPointAsync(HubTestClient client, long stepSeconds)
    {
        for (var i = 0; i < 50; i++)
        {
            var points = (await client.NextAsync("update")).Payload.GetProperty("historyPoints").EnumerateArray()
                .Where(p => p.GetProperty("stepSeconds").GetInt64() == stepSeconds).ToList();
            if (points.Count > 0)
            {
                return Assert.Single(points);
            }
        }

        Assert.Fail($"No update with a {stepSeconds} s history point in 50 updates.");
        return default;
    }

    private static JsonElement Resolution(JsonElement history, long stepSeconds) =>
        history.EnumerateArray().Single(r => r.GetProperty("stepSeconds").GetInt64() == stepSeconds);

    private static List<long> Longs(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt64())];
}
