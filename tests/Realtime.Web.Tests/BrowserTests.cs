using System.Text.Json;
using Realtime.Testing;
using Realtime.Web.Tests.Infrastructure;

namespace Realtime.Web.Tests;

/// <summary>
/// Debian's chromium driven by playwright-core (tests/web/node/pages.mjs) against the real server while events
/// stream over gRPC: the dashboard's numbers move, a rules error shows at its line and column, a publish by someone
/// else marks the edit stale and refuses it, a preview shows movers, publishing changes grades on the heat map and
/// in the agent console, which finds a caller by phone; both pages lay out at 1280×800 and 400 px wide.
/// Writes docs/screenshots/{dashboard,agent}.png.
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
        await events.TrackAsync(
            EventSender.ProductPageView("c-1042", "Grain dryers", TimeSpan.FromDays(3)),
            EventSender.ProductPageView("c-1042", "Silo sensors", TimeSpan.FromHours(5)),
            EventSender.AgrifoodCeo("c-1042", "+33612345678", "Claire Dubois"));
        var (errorLine, errorColumn) = await ErrorPositionAsync();
        using var streaming = new CancellationTokenSource();
        var stream = events.StreamAsync("stream", streaming.Token);

        var (exitCode, output) = await NodeScript.RunAsync(node, folder, ScriptTimeout,
            "pages.mjs", server.BaseUri.ToString().TrimEnd('/'), screenshots, "+33612345678", "c-1042",
            errorLine.ToString(System.Globalization.CultureInfo.InvariantCulture), errorColumn.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await streaming.CancelAsync();
        await stream;

        Assert.True(exitCode == 0 && output.Contains("DONE", StringComparison.Ordinal), $"pages.mjs exited with {exitCode}:\n{output}");
        Assert.True(File.Exists(Path.Combine(screenshots, "dashboard.png")), output);
        Assert.True(File.Exists(Path.Combine(screenshots, "agent.png")), output);
    }

    // Where the script's error is in the default ruleset (the line it breaks, the column of "fifty()"), found
    // independently of the page.
    private async Task<(int Line, int Column)> ErrorPositionAsync()
    {
        using var rules = JsonDocument.Parse(await server.Http.GetStringAsync("/api/rules"));
        var lines = rules.RootElement.GetProperty("yaml").GetString()!.Split('\n').ToList();
        var line = lines.FindIndex(l => l.Contains("when: traits.company_size >= 50", StringComparison.Ordinal));
        return (line + 1, lines[line].IndexOf("50", StringComparison.Ordinal) + 1);
    }
}
