using Microsoft.Extensions.DependencyInjection;
using Realtime.Live.Hubs;
using Realtime.Live.Push;
using Realtime.Live.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Realtime.Live.Tests;

public sealed class SlowClientTests(ITestOutputHelper output)
{
    private const int QueueCapacity = 4;
    private const int Segments = 40;

    [Fact]
    public async Task Dashboard_ClientStopsReading_IsResnapshottedThenDroppedWithABoundedQueue_WhileOthersKeepReceiving()
    {
        await using var host = await LiveTestHost.StartAsync(o =>
        {
            o.DashboardClientQueueCapacity = QueueCapacity;
            o.MaxConsecutiveResnapshots = 2;
        });
        using var meter = new LiveMeterRecorder(host.App.Services);
        var registry = host.App.Services.GetRequiredService<ClientRegistry<DashboardHub>>();
        SetAllSegments(host, size: 0);
        await using var fast = await DashboardHubTests.ConnectAsync(host);
        await using var slow = await DashboardHubTests.ConnectAsync(host, receiveBufferSize: 4096);
        host.Push();
        await fast.NextAsync("snapshot");
        await slow.NextAsync("snapshot");
        slow.PauseReading();

        var maxQueued = 0;
        var pushes = 0;
        for (var size = 1; size <= 400 && meter.Sum("realtime.live.clients_dropped", "hub", "dashboard") == 0; size++)
        {
            SetAllSegments(host, size);
            host.Push();
            pushes++;
            var update = (await fast.NextAsync("update")).Payload;
            Assert.Equal(size, DashboardHubTests.Segment(update, "s0").GetProperty("size").GetInt64());
            maxQueued = Math.Max(maxQueued, registry.All().Max(c => c.Queued));
        }

        output.WriteLine($"Dropped after {pushes} pushes; at most {maxQueued} messages queued for one client.");
        Assert.True(meter.Sum("realtime.live.clients_dropped", "hub", "dashboard") == 1, $"The paused client was not dropped after {pushes} pushes.");
        Assert.Equal(2, meter.Sum("realtime.live.resnapshots"));
        Assert.InRange(maxQueued, 1, QueueCapacity);
        Assert.Single(registry.All());
        // SignalR then closes the connection (a peer that does not read takes it a few seconds).
        await meter.WaitUntilAsync(m => m.Sum("realtime.live.connections", "hub", "dashboard") == 1, "the dropped connection to close", TimeSpan.FromSeconds(30));

        // The others go on as before.
        SetAllSegments(host, 1_000);
        host.Push();
        Assert.Equal(1_000, DashboardHubTests.Segment((await fast.NextAsync("update")).Payload, "s0").GetProperty("size").GetInt64());
        Assert.DoesNotContain(fast.Received, r => r.Target == "snapshot" && !ReferenceEquals(r, fast.Received[0]));
    }

    // Big segments (about 4 KB each) so that a client which stops reading backs up within a few dozen pushes.
    private static void SetAllSegments(LiveTestHost host, long size)
    {
        var description = new string('d', 4_000);
        for (var i = 0; i < Segments; i++)
        {
            host.Source.SetSegment($"s{i}", size, description: description);
        }
    }

    [Fact]
    public async Task Pressure_SubscriberStopsReading_IsDropped_WhileOthersGetEveryChange()
    {
        await using var host = await LiveTestHost.StartAsync(o => o.PressureClientQueueCapacity = 2);
        using var meter = new LiveMeterRecorder(host.App.Services);
        var registry = host.App.Services.GetRequiredService<ClientRegistry<PressureHub>>();
        await using var fast = await HubTestClient.ConnectAsync(host.BaseUri, "/hubs/pressure");
        await using var slow = await HubTestClient.ConnectAsync(host.BaseUri, "/hubs/pressure", receiveBufferSize: 4096);
        await fast.InvokeAsync("Subscribe", (object)new[] { "email" });
        await slow.InvokeAsync("Subscribe", (object)new[] { "email" });
        slow.PauseReading();

        var rounds = 0;
        var now = host.Clock.GetUtcNow();
        var padding = new string('p', 200);
        for (var round = 0; round < 300 && meter.Sum("realtime.live.clients_dropped", "hub", "pressure") == 0; round++)
        {
            for (var i = 0; i < 500; i++)
            {
                host.Feed.PressureChanged(PressureHubTests.Change($"{padding}-{round}-{i}", Realtime.Contracts.V1.Channel.Email, allowed: false,
                    Realtime.Contracts.V1.DenyReason.Complaint, until: now.AddDays(30)));
            }

            host.PushPressure();
            rounds++;
            Assert.Equal(500, (await fast.NextAsync("pressure")).Payload.GetArrayLength()); // every change, none skipped
            Assert.InRange(registry.All().Max(c => c.Queued), 0, 2);
        }

        output.WriteLine($"Pressure subscriber dropped after {rounds} batches.");
        Assert.Equal(1, meter.Sum("realtime.live.clients_dropped", "hub", "pressure"));
        Assert.Single(registry.All());
    }
}
