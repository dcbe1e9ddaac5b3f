using System.Text.Json;
using Realtime.Live.Tests.Infrastructure;

namespace Realtime.Live.Tests;

public sealed class DashboardHubTests
{
    private const string Dashboard = "/hubs/dashboard";

    [Fact]
    public async Task Push_SegmentSizeChanged_ArrivesAtTheNextInterval()
    {
        await using var host = await LiveTestHost.StartAsync();
        host.Source.SetSegment("vip", 10);
        host.Source.SetCounters(acceptedEvents: 0, customers: 100);
        await using var client = await ConnectAsync(host);

        host.Push();
        var snapshot = (await client.NextAsync("snapshot")).Payload;
        Assert.Equal(10, Segment(snapshot, "vip").GetProperty("size").GetInt64());
        Assert.Equal(100, snapshot.GetProperty("customers").GetInt64());
        Assert.Equal("customer", Segment(snapshot, "vip").GetProperty("matrix")[0].GetProperty("stage").GetString());

        host.Source.SetSegment("vip", 11);
        host.Source.SetCounters(acceptedEvents: 500, customers: 101);
        host.Feed.EventsApplied(500, host.Clock.GetUtcNow());
        host.Push();

        var update = (await client.NextAsync("update")).Payload;
        Assert.Equal(11, Segment(update, "vip").GetProperty("size").GetInt64());
        Assert.Equal(500 / host.Options.PushInterval.TotalSeconds, update.GetProperty("eventsPerSecond").GetDouble()); // 500 events in one interval
        Assert.Equal(host.Options.PushInterval.TotalMilliseconds, update.GetProperty("pushLatencyMs").GetDouble());
        Assert.Equal(JsonValueKind.Null, update.GetProperty("flows").ValueKind);
    }

    [Fact]
    public async Task Push_ATrickleOfEvents_ShowsASteadyRateOverTheLastSecond()
    {
        await using var host = await LiveTestHost.StartAsync();
        await using var client = await ConnectAsync(host);
        host.Push();
        await client.NextAsync("snapshot");

        // One event every other push (10 per second at 50 ms): per push interval alone that reads 0, 20, 0, 20...
        var rates = new List<double>();
        for (var push = 1; push <= 60; push++)
        {
            host.Source.SetCounters(acceptedEvents: push / 2, customers: push); // the customer count moves so every push sends an update
            host.Push();
            var rate = (await client.NextAsync("update")).Payload.GetProperty("eventsPerSecond").GetDouble();
            if (push * host.Options.PushInterval >= TimeSpan.FromSeconds(1))
            {
                rates.Add(rate);
            }
        }

        Assert.All(rates, rate => Assert.InRange(rate, 9, 11));
    }

    [Fact]
    public async Task Push_ManyChangesWithinAnInterval_AreCoalescedIntoOneMessage()
    {
        await using var host = await LiveTestHost.StartAsync();
        host.Source.SetSegment("vip", 10);
        host.Source.SetSegment("churn", 3);
        await using var client = await ConnectAsync(host);
        host.Push();
        await client.NextAsync("snapshot");

        for (var size = 11; size <= 110; size++)
        {
            host.Source.SetSegment("vip", size);
        }

        host.Push();
        var first = (await client.NextAsync("update")).Payload;
        Assert.Equal(110, Segment(first, "vip").GetProperty("size").GetInt64());
        Assert.Equal(1, first.GetProperty("segments").GetArrayLength());

        var captures = host.Source.Captures;
        host.Push(); // nothing changed: nothing is sent
        await host.Source.WaitForCapturesAsync(captures + 1);
        host.Source.SetSegment("churn", 4);
        host.Push();

        var second = (await client.NextAsync("update")).Payload;
        Assert.Equal("churn", Assert.Single(second.GetProperty("segments").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(["snapshot", "update", "update"], client.Received.Select(r => r.Target));
    }

    [Fact]
    public async Task Push_SeveralClients_SerializesEachBroadcastOnce()
    {
        await using var host = await LiveTestHost.StartAsync();
        using var meter = new LiveMeterRecorder(host.App.Services);
        host.Source.SetSegment("vip", 10);
        await using var first = await ConnectAsync(host);
        await using var second = await ConnectAsync(host);
        await using var third = await ConnectAsync(host);

        host.Push();
        foreach (var client in new[] { first, second, third })
        {
            await client.NextAsync("snapshot");
        }

        host.Source.SetSegment("vip", 12);
        host.Push();
        foreach (var client in new[] { first, second, third })
        {
            Assert.Equal(12, Segment((await client.NextAsync("update")).Payload, "vip").GetProperty("size").GetInt64());
        }

        Assert.Equal(1, meter.Sum("realtime.live.payloads_serialized", "message", "snapshot"));
        Assert.Equal(1, meter.Sum("realtime.live.payloads_serialized", "message", "update"));
        await meter.WaitUntilAsync(m => m.Sum("realtime.live.messages_pushed", "hub", "dashboard") == 6, "6 dashboard messages pushed");
        Assert.Equal(3, meter.Sum("realtime.live.connections", "hub", "dashboard"));
    }

    [Fact]
    public async Task Watch_CustomerChanged_PushesItsFreshViewOncePerInterval()
    {
        await using var host = await LiveTestHost.StartAsync();
        host.Source.SetCustomer("c1", score: 10, grade: "C");
        host.Source.SetCustomer("c2", score: 5, grade: "D");
        await using var client = await ConnectAsync(host);

        var watched = await client.InvokeAsync("Watch", "c1");
        Assert.Equal("c1", watched.GetProperty("customerId").GetString());
        Assert.Equal(10, watched.GetProperty("view").GetProperty("score").GetDouble());
        Assert.Equal("LIFECYCLE_STAGE_PROSPECT", watched.GetProperty("view").GetProperty("stage").GetString());

        host.Source.SetCustomer("c1", score: 42, grade: "A");
        host.Source.SetCustomer("c2", score: 6, grade: "D");
        host.Feed.CustomerChanged("c1");
        host.Feed.CustomerChanged("c1");
        host.Feed.CustomerChanged("c2"); // not watched: never pushed
        host.Push();

        var pushed = (await client.NextAsync("customer")).Payload;
        Assert.Equal("c1", pushed.GetProperty("customerId").GetString());
        Assert.Equal(42, pushed.GetProperty("view").GetProperty("score").GetDouble());
        Assert.Equal("A", pushed.GetProperty("view").GetProperty("grade").GetString());

        await client.InvokeAsync("Unwatch", "c1");
        host.Feed.CustomerChanged("c1");
        await client.InvokeAsync("Watch", "c2");
        host.Feed.CustomerChanged("c2");
        host.Push();

        Assert.Equal("c2", (await client.NextAsync("customer")).Payload.GetProperty("customerId").GetString());
        Assert.Equal(2, client.Received.Count(r => r.Target == "customer"));
    }

    [Fact]
    public async Task Watch_TooManyCustomers_IsRefused()
    {
        await using var host = await LiveTestHost.StartAsync(o => o.MaxWatchesPerClient = 1);
        await using var client = await ConnectAsync(host);

        await client.InvokeAsync("Watch", "c1");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => client.InvokeAsync("Watch", "c2"));

        Assert.Contains("at most 1 customers", refused.Message, StringComparison.Ordinal);
    }

    internal static async Task<HubTestClient> ConnectAsync(LiveTestHost host, int? receiveBufferSize = null)
    {
        var client = await HubTestClient.ConnectAsync(host.BaseUri, Dashboard, receiveBufferSize);
        // A completed call proves the server registered the connection (the handshake reply comes before that).
        await client.InvokeAsync("Subscribe");
        return client;
    }

    internal static JsonElement Segment(JsonElement payload, string id) =>
        payload.GetProperty("segments").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id);
}
