using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

public sealed class RulesTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    private Task<Ruleset> GetRulesAsync() =>
        _api.CallAsync<GetRulesRequest, Ruleset>(RulesReflection.Descriptor, "Rules", "Get", new GetRulesRequest());

    [Fact]
    public async Task Validate_UnknownFunction_NamesLineColumnAndRule()
    {
        var yaml = (await GetRulesAsync()).Yaml.Replace("when: traits.company_size >= 50", "when: traits.company_size >= fifty()");

        var result = await _api.CallAsync<ValidateRulesRequest, ValidationResult>(RulesReflection.Descriptor, "Rules", "Validate", new ValidateRulesRequest { Yaml = yaml });

        Assert.False(result.Valid);
        var error = Assert.Single(result.Errors);
        var expectedLine = yaml.Split('\n').ToList().FindIndex(l => l.Contains("fifty()")) + 1;
        Assert.Equal(expectedLine, error.Line);
        Assert.True(error.Column > 0);
        Assert.Contains("company_50_plus", error.Rule);
        Assert.Contains("fifty", error.Message);
    }

    [Fact]
    public async Task PreviewThenPublish_NewWeights_PreviewShowsMoversAndPublishChangesGradesLive()
    {
        await _api.TrackAsync(_api.NewEvent("mover", e => e.Traits = new Traits { Sector = "agrifood", CompanySize = 80, Role = "ceo" }));
        var before = await _api.GetAsync("mover");
        Assert.Equal(("C", 45.0), (before.Grade, before.Score));

        var active = await GetRulesAsync();
        var candidate = active.Yaml.Replace("points: 20", "points: 30");
        var preview = await _api.CallAsync<PreviewRulesRequest, PreviewResult>(RulesReflection.Descriptor, "Rules", "Preview", new PreviewRulesRequest { Yaml = candidate });

        Assert.True(preview.Validation.Valid);
        Assert.Contains(preview.Movers, m => m.CustomerId == "mover" && m.GradeBefore == "C" && m.GradeAfter == "B");
        Assert.Equal("C", (await _api.GetAsync("mover")).Grade);

        var published = await _api.CallAsync<PublishRulesRequest, PublishResult>(RulesReflection.Descriptor, "Rules", "Publish",
            new PublishRulesRequest { Yaml = candidate, ExpectedVersion = active.Version, PublishedBy = "marketer", Comment = "agrifood worth more" });

        Assert.True(published.Validation.Valid);
        Assert.Equal(active.Version + 1, published.Version);
        var after = await _api.GetAsync("mover");
        Assert.Equal(("B", 50.0, published.Version), (after.Grade, after.Score, after.RulesetVersion));
        Assert.Equal("marketer", (await GetRulesAsync()).PublishedBy);
    }

    [Fact]
    public async Task Publish_AgainstAnOldVersion_IsAborted()
    {
        var active = await GetRulesAsync();

        var error = await Assert.ThrowsAsync<Grpc.RpcException>(() => _api.CallAsync<PublishRulesRequest, PublishResult>(RulesReflection.Descriptor, "Rules", "Publish",
            new PublishRulesRequest { Yaml = active.Yaml, ExpectedVersion = active.Version + 5 }));

        Assert.Equal(Grpc.StatusCode.Aborted, error.StatusCode);
    }
}
