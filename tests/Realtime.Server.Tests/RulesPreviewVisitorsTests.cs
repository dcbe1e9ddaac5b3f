using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>Rules.Preview evaluates anonymous visitors as well as identified customers, as Segments.List and Publish count them.</summary>
public sealed class RulesPreviewVisitorsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Preview_counts_and_lists_anonymous_visitors()
    {
        await _api.TrackAsync(_api.NewEvent("", e =>
        {
            e.AnonymousId = "anon-browser";
            e.PageView = new PageView { Url = "/boots", Category = "hiking-shoes" };
        }));
        await _api.TrackAsync(
            _api.NewEvent("known", e => e.Traits = new Traits { Email = "known@example.com" }),
            _api.NewEvent("known", e => e.PageView = new PageView { Url = "/", Category = "home" }));
        await _api.GetAsync(new CustomerRef { AnonymousId = "anon-browser" });
        await _api.GetAsync("known");

        var active = await _api.CallAsync<GetRulesRequest, Ruleset>(RulesReflection.Descriptor, "Rules", "Get", new GetRulesRequest());
        var candidate = active.Yaml.Replace("segments:\n", "segments:\n  - id: boot_browsers\n    when: count(\"page_view\") > 0 && !identified\n", StringComparison.Ordinal);
        var preview = await _api.CallAsync<PreviewRulesRequest, PreviewResult>(RulesReflection.Descriptor, "Rules", "Preview", new PreviewRulesRequest { Yaml = candidate });

        Assert.True(preview.Validation.Valid, string.Join("; ", preview.Validation.Errors));
        Assert.Equal(2, preview.CustomersEvaluated);
        Assert.Equal((0L, 1L), preview.Segments.Where(s => s.Key == "boot_browsers").Select(s => (s.Before, s.After)).Single());
        var mover = Assert.Single(preview.Movers);
        Assert.Equal("~anon-browser", mover.CustomerId); // a visitor's key, as on the change feed
        Assert.Equal(["boot_browsers"], mover.SegmentsEntered);
    }
}
