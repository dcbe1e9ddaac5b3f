using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>
/// Customers keep counters only for the event types the active ruleset reads: a candidate that reads a new type is
/// valid, but Validate, Preview and Publish warn that its counts start from the publish, and they do.
/// </summary>
public sealed class RulesUntrackedTypesTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    private Task<TResponse> RulesAsync<TRequest, TResponse>(string method, TRequest request)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        _api.CallAsync<TRequest, TResponse>(RulesReflection.Descriptor, "Rules", method, request);

    private Event Webinar(string customerId) => _api.NewEvent(customerId, e => e.Type = "webinar_joined");

    [Fact]
    public async Task A_candidate_counting_an_untracked_type_is_valid_with_a_warning_and_counts_from_the_publish()
    {
        await _api.TrackAsync(Webinar("attendee"), Webinar("attendee"));
        var active = await RulesAsync<GetRulesRequest, Ruleset>("Get", new GetRulesRequest());
        var candidate = active.Yaml.Replace("segments:\n", "segments:\n  - id: webinar_fans\n    when: count(\"webinar_joined\") >= 2\n", StringComparison.Ordinal);

        Assert.Empty((await RulesAsync<ValidateRulesRequest, ValidationResult>("Validate", new ValidateRulesRequest { Yaml = active.Yaml })).Warnings);
        var validation = await RulesAsync<ValidateRulesRequest, ValidationResult>("Validate", new ValidateRulesRequest { Yaml = candidate });
        Assert.True(validation.Valid);
        var warning = Assert.Single(validation.Warnings);
        Assert.Equal("event types", warning.Rule);
        Assert.Contains("'webinar_joined'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("start from the publish", warning.Message, StringComparison.Ordinal);

        var preview = await RulesAsync<PreviewRulesRequest, PreviewResult>("Preview", new PreviewRulesRequest { Yaml = candidate });
        Assert.Equal([warning], preview.Validation.Warnings);
        Assert.True(preview.CustomersEvaluated >= 1);
        Assert.DoesNotContain(preview.Segments, s => s.Key == "webinar_fans"); // no member before or after

        var published = await RulesAsync<PublishRulesRequest, PublishResult>("Publish", new PublishRulesRequest { Yaml = candidate, ExpectedVersion = active.Version });
        Assert.Equal([warning], published.Validation.Warnings);
        Assert.DoesNotContain("webinar_fans", (await _api.GetAsync("attendee")).Segments);

        await _api.TrackAsync(Webinar("attendee"));
        Assert.DoesNotContain("webinar_fans", (await _api.GetAsync("attendee")).Segments);
        await _api.TrackAsync(Webinar("attendee"));
        Assert.Contains("webinar_fans", (await _api.GetAsync("attendee")).Segments);
    }
}
