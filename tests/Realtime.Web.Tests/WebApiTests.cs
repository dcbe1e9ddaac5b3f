using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Realtime.Web.Tests.Infrastructure;

namespace Realtime.Web.Tests;

/// <summary>The pages' JSON endpoints over plain HTTP/1.1, against the real server.</summary>
public sealed class WebApiTests(WebServerFixture server) : IClassFixture<WebServerFixture>
{
    private readonly EventSender _events = new(server.Channel);

    [Fact]
    public async Task Pages_AreServed_WithTheirNpmLibraries()
    {
        foreach (var path in new[] { "/", "/agent/", "/lib/signalr.min.js", "/lib/uPlot.iife.min.js", "/dashboard.js" })
        {
            var response = await server.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Lookup_ByPhone_ReturnsViewAndExplanation()
    {
        await _events.TrackAsync(EventSender.AgrifoodCeo("api-caller", "+33699000001"));

        using var json = await GetEventuallyAsync("/api/customers/lookup?q=%2B33699000001");

        var root = json.RootElement;
        Assert.Equal("api-caller", root.GetProperty("view").GetProperty("customerId").GetString());
        Assert.Equal("C", root.GetProperty("view").GetProperty("grade").GetString());
        var rules = root.GetProperty("explanation").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray());
        Assert.Contains(rules, r => r.GetProperty("ruleId").GetString() == "sector_agrifood");
    }

    [Fact]
    public async Task Lookup_Unknown_IsA404WithAMessage()
    {
        var response = await server.Http.GetAsync("/api/customers/lookup?q=nobody-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nobody-here", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AnError_NamesItsLine()
    {
        var yaml = (await ActiveYamlAsync()).Replace("when: traits.company_size >= 50", "when: traits.company_size >= fifty()", StringComparison.Ordinal);

        using var result = await PostAsync("/api/rules/validate", new { yaml });

        var error = Assert.Single(result.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal(yaml.Split('\n').ToList().FindIndex(l => l.Contains("fifty()", StringComparison.Ordinal)) + 1, error.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Publish_AgainstAnOldVersion_IsAConflict()
    {
        var response = await server.Http.PostAsJsonAsync("/api/rules/publish", new { yaml = await ActiveYamlAsync(), expectedVersion = 999 });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    private async Task<string> ActiveYamlAsync()
    {
        using var rules = JsonDocument.Parse(await server.Http.GetStringAsync("/api/rules"));
        return rules.RootElement.GetProperty("yaml").GetString()!;
    }

    private async Task<JsonDocument> PostAsync(string path, object body)
    {
        var response = await server.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }

    // Ingest acknowledges before the actor's turn; the look-up reads ahead of the queue, so retry briefly.
    private async Task<JsonDocument> GetEventuallyAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await server.Http.GetAsync(path);
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline)
            {
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {text}");
                return JsonDocument.Parse(text);
            }

            await Task.Delay(50);
        }
    }
}
