using Realtime.Contracts.V1;
using Realtime.Live.Tests.Infrastructure;
using Realtime.Testing;

namespace Realtime.Live.Tests;

/// <summary>npm's @microsoft/signalr under Node (tests/live/node), as browsers and Node services use it.</summary>
public sealed class NodeClientTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task NodeClient_SeesSnapshotSegmentChangeAndComplaintSuppression()
    {
        var (node, folder) = RequiredTool.NodeProject("tests/live/node", "@microsoft/signalr");

        await using var host = await LiveTestHost.StartAsync();
        host.Source.SetSegment("vip", 10);
        await using var client = LineProcess.Start(node, folder, "live-client.mjs", host.BaseUri.ToString().TrimEnd('/'), "vip", "11", "email");

        await client.ExpectLineAsync("CONNECTED [\"email\"]", StepTimeout);
        host.Push();
        await client.ExpectLineAsync("SNAPSHOT 1 segments", StepTimeout);

        host.Source.SetSegment("vip", 11);
        var now = host.Clock.GetUtcNow();
        host.Feed.PressureChanged(PressureHubTests.Change("c9", Channel.Sms, allowed: false, DenyReason.ChannelCap, until: now.AddHours(1)));
        host.Feed.PressureChanged(PressureHubTests.Change("c1", Channel.Email, allowed: false, DenyReason.Complaint, until: now.AddDays(30)));
        host.Push();

        var update = await client.ExpectLineAsync("UPDATE ", StepTimeout);
        Assert.Contains("\"size\":11", update, StringComparison.Ordinal);
        var pressure = await client.ExpectLineAsync("PRESSURE ", StepTimeout);
        Assert.Contains("\"reason\":\"complaint\"", pressure, StringComparison.Ordinal);
        Assert.DoesNotContain("c9", pressure, StringComparison.Ordinal);
        await client.ExpectLineAsync("DONE", StepTimeout);
        Assert.True(await client.WaitForExitAsync(StepTimeout) == 0, client.Output);
    }
}
