using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// End to end through the real server: events in over gRPC, pushes out over SignalR to npm's @microsoft/signalr
/// under Node (tests/live/node/live-client.mjs), on both hubs, as dashboards and sending systems receive them.
/// </summary>
public sealed class LivePushTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    // How long a push may take to arrive once the fake clock has reached its tick, before the clock is moved on.
    private static readonly TimeSpan PerTick = TimeSpan.FromMilliseconds(500);

    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task TrackedEvents_ReachSignalRClients_AsSegmentSizeAndPressureChanges()
    {
        var (node, folder) = RequiredTool.NodeProject("tests/live/node", "@microsoft/signalr");

        await using var client = LineProcess.Start(node, folder, "live-client.mjs", $"http://127.0.0.1:{server.HttpPort}", "hiking_shoes_43", "1", "email");
        await client.ExpectLineAsync("CONNECTED [\"email\"]", StepTimeout);
        Assert.StartsWith("SNAPSHOT ", await NextPushAsync(client));

        await _api.TrackAsync(
            _api.NewEvent("push-complainer", e => e.Complaint = new Complaint { Channel = Channel.Email, Reason = "too many emails" }),
            _api.NewEvent("", e =>
            {
                e.AnonymousId = "push-hiker";
                e.Type = "product_question";
                e.Properties.Add("product", Value.ForString("hiking shoes"));
                e.Properties.Add("size", Value.ForNumber(43));
            }));

        // The client prints the segment first, then the suppression, whichever push carried each.
        var update = await NextPushAsync(client);
        Assert.StartsWith("UPDATE ", update);
        Assert.Contains("\"size\":1", update, StringComparison.Ordinal);
        var pressure = await NextPushAsync(client);
        Assert.StartsWith("PRESSURE ", pressure);
        Assert.Contains("push-complainer", pressure, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"complaint\"", pressure, StringComparison.Ordinal);

        await client.ExpectLineAsync("DONE", StepTimeout);
        Assert.True(await client.WaitForExitAsync(StepTimeout) == 0, client.Output);
    }

    // Pushes go out on the push interval of the server's (fake) clock: move it one interval at a time until the
    // client reports the next step. Bounded: 60 intervals is far more than one change needs to reach the feed.
    private async Task<string> NextPushAsync(LineProcess client)
    {
        for (var tick = 0; tick < 60; tick++)
        {
            server.Clock.Advance(TimeSpan.FromMilliseconds(250));
            if (await client.TryReadLineAsync(PerTick) is { } line)
            {
                return line;
            }
        }

        Assert.Fail($"No push reached the client after 60 push intervals.\n{client.Output}");
        return "";
    }
}
