using Realtime.Contracts.V1;
using Realtime.Server.Tests.Infrastructure;

namespace Realtime.Server.Tests;

/// <summary>
/// Issue 4's scenarios where time passes with no event: the fake clock moves, the runtime's durable wake-up fires at
/// the exact instant, and the public API shows the change. Each scenario has its own server and clock.
/// </summary>
public sealed class InactivityScenario(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Recent_buyer_is_treated_differently_from_one_inactive_for_3_months_who_enters_inactive_90_days_exactly_when_they_pass()
    {
        var start = server.Clock.GetUtcNow();
        await _api.TrackAsync(_api.NewEvent("dormant", e => e.Purchase = new Purchase { OrderId = "d1", Amount = 80 }));
        server.Clock.Advance(TimeSpan.FromDays(85));
        await _api.TrackAsync(_api.NewEvent("recent", e => e.Purchase = new Purchase { OrderId = "r1", Amount = 80 }));
        Assert.Contains("recent_buyers", (await _api.GetAsync("recent")).Segments);
        Assert.DoesNotContain("recent_buyers", (await _api.GetAsync("dormant")).Segments);

        server.Clock.SetUtcNow(start.AddDays(90).AddMilliseconds(-1));
        Assert.DoesNotContain("inactive_90d", (await _api.GetAsync("dormant", consistent: false)).Segments);

        server.Clock.SetUtcNow(start.AddDays(90));
        Assert.Contains("inactive_90d", (await _api.GetAsync("dormant", consistent: false)).Segments);
        Assert.DoesNotContain("inactive_90d", (await _api.GetAsync("recent", consistent: false)).Segments);
        var entered = (await _api.HistoryAsync("dormant")).Segments.Last(s => s.Segment == "inactive_90d");
        Assert.True(entered.Entered);
        Assert.Equal(start.AddDays(90), entered.At.ToDateTimeOffset());
    }
}

public sealed class BirthdayScenario(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Customer_who_turns_41_leaves_the_30_to_40_tennis_segment_on_the_birthday()
    {
        // The fixture's clock starts on 2026-03-02: born 1985-03-14, they turn 41 on 2026-03-14 (UTC, no zone set).
        await _api.TrackAsync(_api.NewEvent("tennis", e => e.Traits = new Traits { BirthDate = "1985-03-14", Interests = { "tennis" } }));
        Assert.Contains("tennis_30_40", (await _api.GetAsync("tennis")).Segments);

        var birthday = new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero);
        server.Clock.SetUtcNow(birthday.AddMilliseconds(-1));
        Assert.Contains("tennis_30_40", (await _api.GetAsync("tennis", consistent: false)).Segments);

        server.Clock.SetUtcNow(birthday);
        Assert.DoesNotContain("tennis_30_40", (await _api.GetAsync("tennis", consistent: false)).Segments);
    }
}

public sealed class BirthdayInTimeZoneScenario(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Customer_in_tokyo_who_turns_41_leaves_the_30_to_40_tennis_segment_at_local_midnight_of_the_birthday()
    {
        // Born 1985-03-14, in Tokyo (UTC+9): 14 March starts at 2026-03-13T15:00Z, nine hours before UTC midnight.
        await _api.TrackAsync(_api.NewEvent("tokyo-tennis", e => e.Traits = new Traits { BirthDate = "1985-03-14", TimeZone = "Asia/Tokyo", Interests = { "tennis" } }));
        Assert.Contains("tennis_30_40", (await _api.GetAsync("tokyo-tennis")).Segments);

        var localMidnight = new DateTimeOffset(2026, 3, 13, 15, 0, 0, TimeSpan.Zero);
        server.Clock.SetUtcNow(localMidnight.AddMilliseconds(-1));
        Assert.Contains("tennis_30_40", (await _api.GetAsync("tokyo-tennis", consistent: false)).Segments);

        server.Clock.SetUtcNow(localMidnight);
        Assert.DoesNotContain("tennis_30_40", (await _api.GetAsync("tokyo-tennis", consistent: false)).Segments);
        var left = (await _api.HistoryAsync("tokyo-tennis")).Segments.Last(s => s.Segment == "tennis_30_40");
        Assert.Equal((false, localMidnight), (left.Entered, left.At.ToDateTimeOffset()));
    }
}

public sealed class LifecycleScenario(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Lead_filling_a_form_becomes_prospect_purchase_makes_customer_no_purchase_makes_inactive_new_purchase_brings_back()
    {
        await _api.TrackAsync(_api.NewEvent("journey", e => e.PageView = new PageView { Url = "/" }));
        Assert.Equal(LifecycleStage.Lead, (await _api.GetAsync("journey")).Stage);
        await _api.TrackAsync(_api.NewEvent("journey", e => e.FormFilled = new FormFilled { FormId = "demo" }));
        Assert.Equal(LifecycleStage.Prospect, (await _api.GetAsync("journey")).Stage);
        await _api.TrackAsync(_api.NewEvent("journey", e => e.Purchase = new Purchase { OrderId = "j1", Amount = 120 }));
        Assert.Equal(LifecycleStage.Customer, (await _api.GetAsync("journey")).Stage);

        var inactiveAt = server.Clock.GetUtcNow().AddDays(180);
        server.Clock.SetUtcNow(inactiveAt.AddMilliseconds(-1));
        Assert.Equal(LifecycleStage.Customer, (await _api.GetAsync("journey", consistent: false)).Stage);
        server.Clock.SetUtcNow(inactiveAt);
        Assert.Equal(LifecycleStage.Inactive, (await _api.GetAsync("journey", consistent: false)).Stage);

        server.Clock.Advance(TimeSpan.FromDays(10));
        await _api.TrackAsync(_api.NewEvent("journey", e => e.Purchase = new Purchase { OrderId = "j2", Amount = 60 }));
        Assert.Equal(LifecycleStage.Customer, (await _api.GetAsync("journey")).Stage);
        var stages = (await _api.HistoryAsync("journey")).Stages.Select(s => s.To).ToArray();
        Assert.Equal([LifecycleStage.Lead, LifecycleStage.Prospect, LifecycleStage.Customer, LifecycleStage.Inactive, LifecycleStage.Customer], stages);
    }
}

public sealed class BehaviourScenario(ServerFixture server) : IClassFixture<ServerFixture>
{
    private readonly RealtimeApi _api = new(server.Channel, server.Clock.GetUtcNow);

    [Fact]
    public async Task Forms_downloads_opens_and_clicks_raise_the_behavioural_score_days_without_contact_lower_it_and_history_shows_it()
    {
        var start = server.Clock.GetUtcNow();
        var scores = new List<double>();
        foreach (var shape in new Action<Event>[]
        {
            e => e.FormFilled = new FormFilled { FormId = "demo" },
            e => e.ContentDownloaded = new ContentDownloaded { ContentId = "guide" },
            e => e.Email = new EmailActivity { Action = EmailAction.Opened },
            e => e.Email = new EmailActivity { Action = EmailAction.Clicked },
        })
        {
            if (scores.Count > 0)
            {
                server.Clock.Advance(TimeSpan.FromHours(1));
            }

            await _api.TrackAsync(_api.NewEvent("engaged", shape));
            scores.Add((await _api.GetAsync("engaged")).Score);
        }

        Assert.Equal([10.0, 15, 17, 21], scores);

        // 30 days after the last contact: -5 for the silence and a 25 % decay step on engagement (21 → -5.25); 60 days:
        // a second step (-9.19 in all); 90 days less an hour: the email opened leaves its 90-day window (-2, decay on 19
        // is 8.31); 90 days: the click leaves too (-4) and the silence reaches its floor (-15): decay takes the rest.
        var lastContact = start.AddHours(3);
        var later = new List<double>();
        foreach (var at in new[] { lastContact.AddDays(30), lastContact.AddDays(60), lastContact.AddDays(90).AddHours(-1), lastContact.AddDays(90) })
        {
            server.Clock.SetUtcNow(at);
            later.Add((await _api.GetAsync("engaged", consistent: false)).Score);
        }

        var history = (await _api.HistoryAsync("engaged")).Scores.Select(p => (p.At.ToDateTimeOffset(), p.Score, p.Grade)).ToArray();
        Assert.Equal(
            [
                (start, 10.0, "D"), (start.AddHours(1), 15, "D"), (start.AddHours(2), 17, "D"), (start.AddHours(3), 21, "D"),
                (lastContact.AddDays(30), 10.75, "D"),
                (lastContact.AddDays(60), 6.81, "D"),
                (lastContact.AddDays(90).AddHours(-1), 5.69, "D"),
                (lastContact.AddDays(90), 0, "D"),
            ],
            history);
        // The timeline keeps hundredths of a point; the live score carries the arithmetic's last bits.
        Assert.Equal(later.Select(score => Math.Round(score, 2)), history[^4..].Select(p => p.Score));
    }
}
