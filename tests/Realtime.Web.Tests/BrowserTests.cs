using System.Text.Json;
using Realtime.Testing;
using Realtime.Web.Tests.Infrastructure;

namespace Realtime.Web.Tests;

/// <summary>
/// Debian's chromium driven by playwright-core (tests/web/node/pages.mjs) against the real server while events
/// stream over gRPC: the dashboard moves, a rules error shows at its line, a preview shows movers, publishing
/// changes grades, and the agent console finds a caller by phone. Writes docs/screenshots/{dashboard,agent}.png.
/// </summary>
public sealed class BrowserTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Dashboard_And_AgentConsole_WorkEndToEnd()
    {
        var (node, folder) = RequiredTool.NodeProject("tests/web/node", "playwright-core");
        var chromium = RequiredTool.Find("chromium", "Install Debian's chromium (apt-get install -y chromium).", "/usr/bin/chromium");
        Assert.Equal("/usr/bin/chromium", chromium);
        var screenshots = Path.Combine(RequiredTool.RepoRoot, "docs", "screenshots");
        Directory.CreateDirectory(screenshots);

        var events = new EventSender(server.Channel);
        await events.TrackAsync(EventSender.AgrifoodCeo("caller-1", "+33612345678"));
        var errorLine = await ErrorLineAsync();
        using var streaming = new CancellationTokenSource();
        var stream = events.StreamAsync("stream", streaming.Token);

        var (exitCode, output) = await NodeScript.RunAsync(node, folder, ScriptTimeout,
            "pages.mjs", server.BaseUri.ToString().TrimEnd('/'), screenshots, "+33612345678", "caller-1", errorLine.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await streaming.CancelAsync();
        await stream;

        Assert.True(exitCode == 0 && output.Contains("DONE", StringComparison.Ordinal), $"pages.mjs exited with {exitCode}:\n{output}");
        Assert.True(File.Exists(Path.Combine(screenshots, "dashboard.png")), output);
        Assert.True(File.Exists(Path.Combine(screenshots, "agent.png")), output);
    }

    // The line of the default ruleset the script breaks, found independently of the page.
    private async Task<int> ErrorLineAsync()
    {
        using var rules = JsonDocument.Parse(await server.Http.GetStringAsync("/api/rules"));
        var yaml = rules.RootElement.GetProperty("yaml").GetString()!;
        return yaml.Split('\n').ToList().FindIndex(l => l.Contains("when: traits.company_size >= 50", StringComparison.Ordinal)) + 1;
    }
}
