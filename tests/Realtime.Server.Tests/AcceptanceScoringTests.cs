using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>Issue 4's acceptance scenarios that need no time to pass, through the public gRPC API, default ruleset.</summary>
public sealed class AcceptanceScoringTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Agrifood_company_with_50_plus_employees_gets_points_for_each_criterion_under_5_gets_negative_and_total_never_passes_cap()
    {
        await _api.TrackAsync(_api.NewEvent("agri-big", e => e.Traits = new Traits { Sector = "agrifood", CompanySize = 60 }));
        await _api.TrackAsync(_api.NewEvent("agri-small", e => e.Traits = new Traits { Sector = "agrifood", CompanySize = 3 }));

        var big = await _api.ExplainAfterWriteAsync("agri-big");
        Assert.Equal(35, big.Score);
        Assert.Equal([("company_50_plus", 15.0), ("sector_agrifood", 20.0)], FitRules(big));
        var small = await _api.ExplainAfterWriteAsync("agri-small");
        Assert.Equal(5, small.Score);
        Assert.Contains(("company_under_5", -15.0), FitRules(small));

        var everything = new List<Event> { _api.NewEvent("agri-big", e => e.Traits = new Traits { Role = "ceo", Budget = 50_000 }) };
        for (var i = 0; i < 10; i++)
        {
            everything.Add(_api.NewEvent("agri-big", e => e.FormFilled = new FormFilled { FormId = $"f{i}" }));
            everything.Add(_api.NewEvent("agri-big", e => e.ContentDownloaded = new ContentDownloaded { ContentId = $"c{i}" }));
            everything.Add(_api.NewEvent("agri-big", e => e.Email = new EmailActivity { Action = EmailAction.Clicked, Campaign = "spring" }));
        }

        await _api.TrackAsync([.. everything]);
        var capped = await _api.ExplainAfterWriteAsync("agri-big");
        Assert.Equal(100, capped.Score);
        Assert.Equal("A", capped.Grade);
        Assert.True(capped.ClippedByTotalCap > 0, "the total cap clipped nothing");
        Assert.Equal(5, capped.Groups.Single(g => g.Group == "fit").Clipped);
    }

    [Fact]
    public async Task Explain_lists_every_point_of_a_score_and_adds_up_exactly_to_it()
    {
        var traits = _api.NewEvent("explained", e => e.Traits = new Traits { Sector = "agrifood", CompanySize = 120, Role = "owner" });
        var form = _api.NewEvent("explained", e => e.FormFilled = new FormFilled { FormId = "demo" });
        await _api.TrackAsync(
            traits,
            form,
            _api.NewEvent("explained", e => e.PageView = new PageView { Url = "/pricing", Category = "pricing" }),
            _api.NewEvent("explained", e => e.Email = new EmailActivity { Action = EmailAction.Unsubscribed }));

        var explanation = await _api.ExplainAfterWriteAsync("explained");

        var rules = explanation.Groups.SelectMany(g => g.Rules).ToList();
        Assert.Equal(explanation.Score, explanation.GroupsTotal - explanation.ClippedByTotalCap - explanation.DecayRemoved, 9);
        Assert.Equal(explanation.GroupsTotal, explanation.Groups.Sum(g => g.Points), 9);
        foreach (var group in explanation.Groups)
        {
            Assert.Equal(group.RawPoints, group.Rules.Sum(r => r.Points), 9);
        }

        Assert.Equal([form.EventId], rules.Single(r => r.RuleId == "form_filled" && r.Points == 10).EventIds);

        // Condition rules name the event that made them true.
        Assert.All(rules.Where(r => r.RuleId is "sector_agrifood" or "company_50_plus" or "decision_maker"), r => Assert.Equal([traits.EventId], r.EventIds));
        Assert.Contains(rules, r => r.RuleId == "unsubscribed" && r.Points == -10);
        Assert.True(explanation.RulesetVersion >= 1);
    }

    [Fact]
    public async Task Visitor_who_asked_about_hiking_shoes_in_size_43_enters_the_interest_segment_the_moment_the_event_lands()
    {
        Event Question(double size) => _api.NewEvent("", e =>
        {
            e.AnonymousId = "hiker";
            e.Type = "product_question";
            e.Properties.Add("product", Value.ForString("hiking shoes"));
            e.Properties.Add("size", Value.ForNumber(size));
        });

        await _api.TrackAsync(Question(42));
        Assert.DoesNotContain("hiking_shoes_43", (await _api.GetAsync(new CustomerRef { AnonymousId = "hiker" })).Segments);

        await _api.TrackAsync(Question(43));
        Assert.Contains("hiking_shoes_43", (await _api.GetAsync(new CustomerRef { AnonymousId = "hiker" })).Segments);
        var segment = (await _api.SegmentsAsync()).Segments.Single(s => s.Id == "hiking_shoes_43");
        Assert.True(segment.Size >= 1);
    }

    private static List<(string, double)> FitRules(ScoreExplanation explanation) =>
        [.. explanation.Groups.Single(g => g.Group == "fit").Rules.Where(r => r.Points != 0).Select(r => (r.RuleId, r.Points)).OrderBy(r => r.RuleId)];
}
