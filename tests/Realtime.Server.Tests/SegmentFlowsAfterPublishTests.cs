using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>Segments.List's flows count the moves a publish causes, and agree with each segment's entries in the last hour.</summary>
public sealed class SegmentFlowsAfterPublishTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task A_publish_that_moves_customers_shows_in_the_flows_and_staying_customers_do_not_move()
    {
        foreach (var id in new[] { "mid-1", "mid-2" })
        {
            await _api.TrackAsync(
                _api.NewEvent(id, e => e.Traits = new Traits { CompanySize = 45 }),
                _api.NewEvent(id, e => e.PageView = new PageView { Url = "/" }));
            await _api.GetAsync(id);
        }

        // Two hours later the event-driven moves are out of the 1h window.
        server.Clock.Advance(TimeSpan.FromHours(2));
        var active = await _api.CallAsync<GetRulesRequest, Ruleset>(RulesReflection.Descriptor, "Rules", "Get", new GetRulesRequest());
        var candidate = active.Yaml.Replace("segments:\n", "segments:\n  - id: mid_size\n    when: traits.company_size >= 40\n", StringComparison.Ordinal);
        var published = await _api.CallAsync<PublishRulesRequest, PublishResult>(RulesReflection.Descriptor, "Rules", "Publish",
            new PublishRulesRequest { Yaml = candidate, ExpectedVersion = active.Version });
        Assert.True(published.Validation.Valid);

        // A customer's next turn runs under the active version (re-evaluating first, as the publish's background pass
        // does): an event makes that turn happen before the consistent read, whichever comes first.
        foreach (var id in new[] { "mid-1", "mid-2" })
        {
            await _api.TrackAsync(_api.NewEvent(id, e => e.PageView = new PageView { Url = "/pricing" }));
            Assert.Contains("mid_size", (await _api.GetAsync(id)).Segments);
        }

        var list = await _api.SegmentsAsync();
        var segments = list.Segments.ToDictionary(s => s.Id);
        Assert.Equal((2L, 2L), (segments["mid_size"].Size, segments["mid_size"].EnteredLastHour));
        Assert.Equal((2L, 0L, 0L), (segments["active_90d"].Size, segments["active_90d"].EnteredLastHour, segments["active_90d"].LeftLastHour));
        var flows = list.Flows.Where(f => f.Window == "1h").ToList();
        Assert.Equal([("", "mid_size", 2L)], flows.Select(f => (f.From, f.To, f.Count)));
    }
}
