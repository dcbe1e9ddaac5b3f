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
    public async Task Lookup_ANumericId_FindsTheCustomerById_ThoughItLooksLikeAPhone()
    {
        await _events.TrackAsync(EventSender.AgrifoodCeo("4815162342", "+33699000002"));

        using var byAuto = await GetEventuallyAsync("/api/customers/lookup?q=4815162342");
        using var byPhone = await GetEventuallyAsync("/api/customers/lookup?q=%2B33699000002&by=phone");

        Assert.Equal("id", byAuto.RootElement.GetProperty("matchedBy").GetString());
        Assert.Equal("4815162342", byAuto.RootElement.GetProperty("view").GetProperty("customerId").GetString());
        Assert.Equal("phone", byPhone.RootElement.GetProperty("matchedBy").GetString());
        Assert.Equal("4815162342", byPhone.RootElement.GetProperty("view").GetProperty("customerId").GetString());
    }

    [Fact]
    public async Task Lookup_UnknownDigits_IsA404NamingEveryKeyTried()
    {
        var response = await server.Http.GetAsync("/api/customers/lookup?q=555000111");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
        Assert.Contains("id '555000111' or phone '555000111'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_AnUnknownKind_IsA400NamingTheKinds()
    {
        var response = await server.Http.GetAsync("/api/customers/lookup?q=x&by=fax");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("auto, id, email or phone", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rules_ListTheActiveGrades_BestFirst()
    {
        using var rules = JsonDocument.Parse(await server.Http.GetStringAsync("/api/rules"));

        Assert.Equal(["A", "B", "C", "D"], rules.RootElement.GetProperty("grades").EnumerateArray().Select(g => g.GetString()));
    }

    [Fact]
    public async Task Lookup_Unknown_IsA404WithAMessage()
    {
        var response = await server.Http.GetAsync("/api/customers/lookup?q=nobody-here");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nobody-here", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_AnError_NamesItsLineAndColumn()
    {
        var yaml = (await ActiveYamlAsync()).Replace("when: traits.company_size >= 50", "when: traits.company_size >= fifty()", StringComparison.Ordinal);

        using var result = await PostAsync("/api/rules/validate", new { yaml });

        var error = Assert.Single(result.RootElement.GetProperty("errors").EnumerateArray());
        var lines = yaml.Split('\n').ToList();
        var line = lines.FindIndex(l => l.Contains("fifty()", StringComparison.Ordinal));
        Assert.Equal(line + 1, error.GetProperty("line").GetInt32());
        Assert.Equal(lines[line].IndexOf("fifty()", StringComparison.Ordinal) + 1, error.GetProperty("column").GetInt32());
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
