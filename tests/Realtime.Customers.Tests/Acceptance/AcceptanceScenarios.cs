using ProtoValue = Google.Protobuf.WellKnownTypes.Value;
using Realtime.Contracts.V1;
using Realtime.Customers.Tests.Support;
using Realtime.Customers.Turns;
using Realtime.Customers.Views;

namespace Realtime.Customers.Tests.Acceptance;

/// <summary>The acceptance scenarios of issue 4, at the domain level, with the default ruleset.</summary>
public sealed class AcceptanceScenarios
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    [Fact]
    public void Agrifood_company_with_50_plus_employees_gets_points_for_each_criterion_under_5_gets_negative_and_total_never_passes_cap()
    {
        var big = new CustomerHarness(id: "big");
        big.Apply(Events.Traits("big", T0, t => t.Sector = "agrifood"));
        Assert.Equal(20, big.State.Score);
        big.Apply(Events.Traits("big", T0.AddMinutes(1), t => t.CompanySize = 60));
        Assert.Equal(35, big.State.Score);

        var small = new CustomerHarness(id: "small");
        small.Apply(Events.Traits("small", T0, t => { t.Sector = "agrifood"; t.CompanySize = 3; }));
        Assert.Equal(20 - 15, small.State.Score);

        // Everything at once: fit 55 (capped at 50) + engagement well over 60 (capped) = 110 → total cap 100.
        big.Apply(Events.Traits("big", T0.AddMinutes(2), t => { t.Role = "ceo"; t.Budget = 50_000; }));
        for (var i = 0; i < 10; i++)
        {
            var at = T0.AddMinutes(3 + i);
            big.Apply(Events.Form("big", at));
            big.Apply(Events.Download("big", at));
            big.Apply(Events.Email("big", at, EmailAction.Clicked));
            Assert.True(big.State.Score <= 100);
        }

        Assert.Equal(100, big.State.Score);
        Assert.Equal("A", big.State.Grade);
    }

    [Fact]
    public void Forms_downloads_opens_and_clicks_raise_the_behavioural_score_days_without_contact_lower_it_and_history_shows_it()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Form(customer.Id, T0));
        var afterForm = customer.State.Score;
        customer.Apply(Events.Download(customer.Id, T0.AddHours(1)));
        var afterDownload = customer.State.Score;
        customer.Apply(Events.Email(customer.Id, T0.AddHours(2), EmailAction.Opened));
        var afterOpen = customer.State.Score;
        customer.Apply(Events.Email(customer.Id, T0.AddHours(3), EmailAction.Clicked));
        var afterClick = customer.State.Score;
        Assert.Equal([10.0, 15, 17, 21], [afterForm, afterDownload, afterOpen, afterClick]);

        // 30 days without contact: -5 for the silence and a 25 % decay step on engagement, at that exact instant.
        var lastContact = T0.AddHours(3);
        customer.AdvanceTo(lastContact.AddDays(31));
        Assert.Equal(21 - 5 - Math.Round(21 * 0.25, 2), customer.State.Score);
        var drop = customer.AllChanges.First(c => c.Kind == ChangeKind.ScoreChanged && c.NewScore < c.OldScore);
        Assert.Equal(lastContact.AddDays(30), drop.AtTime);

        var history = HistoryBuilder.Build(customer.State).Scores.Select(p => (p.At.ToDateTimeOffset(), p.Score));
        Assert.Equal(
            [(T0, 10.0), (T0.AddHours(1), 15), (T0.AddHours(2), 17), (T0.AddHours(3), 21), (lastContact.AddDays(30), 10.75)],
            history);
    }

    [Fact]
    public void Recent_buyer_is_treated_differently_from_one_inactive_for_3_months_who_enters_inactive_90_days_exactly_when_they_pass()
    {
        var recent = new CustomerHarness(id: "recent");
        var dormant = new CustomerHarness(id: "dormant");
        dormant.Apply(Events.Purchase("dormant", T0, 80));
        recent.Apply(Events.Purchase("recent", T0.AddDays(85), 80));
        dormant.AdvanceTo(T0.AddDays(85));
        Assert.True(recent.InSegment("recent_buyers"));
        Assert.False(dormant.InSegment("recent_buyers"));
        Assert.False(dormant.InSegment("inactive_90d"));

        dormant.AdvanceTo(T0.AddDays(90).AddMilliseconds(-1));
        Assert.False(dormant.InSegment("inactive_90d"));
        Assert.Equal(T0.AddDays(90), DateTimeOffset.FromUnixTimeMilliseconds(dormant.State.DueAt));

        dormant.AdvanceTo(T0.AddDays(90));
        Assert.True(dormant.InSegment("inactive_90d"));
        var entered = dormant.LastSegmentChange("inactive_90d")!.Value;
        Assert.Equal(ChangeKind.SegmentEntered, entered.Kind);
        Assert.Equal(T0.AddDays(90), entered.AtTime);
        Assert.Equal("time", entered.Reason);

        recent.AdvanceTo(T0.AddDays(90));
        Assert.False(recent.InSegment("inactive_90d"));
    }

    [Fact]
    public void Customer_who_turns_41_leaves_the_30_to_40_tennis_segment_on_the_birthday()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.Traits(customer.Id, T0, t =>
        {
            t.BirthDate = "1985-03-14";
            t.Interests.Add("tennis");
        }));
        Assert.True(customer.InSegment("tennis_30_40"));

        var birthday = new DateTimeOffset(2026, 3, 14, 0, 0, 0, TimeSpan.Zero);
        customer.AdvanceTo(birthday.AddMilliseconds(-1));
        Assert.True(customer.InSegment("tennis_30_40"));
        customer.AdvanceTo(birthday);
        Assert.False(customer.InSegment("tennis_30_40"));
        var left = customer.LastSegmentChange("tennis_30_40")!.Value;
        Assert.Equal(ChangeKind.SegmentLeft, left.Kind);
        Assert.Equal(birthday, left.AtTime);
    }

    [Fact]
    public void Visitor_who_asked_about_hiking_shoes_in_size_43_enters_the_interest_segment_the_moment_the_event_lands()
    {
        var visitor = new CustomerHarness(id: "anon-1");
        var question = Events.Open("", T0, "product_question", ("product", ProtoValue.ForString("hiking shoes")), ("size", ProtoValue.ForNumber(43)));
        question.AnonymousId = "anon-1";
        var other = Events.Open("", T0, "product_question", ("product", ProtoValue.ForString("hiking shoes")), ("size", ProtoValue.ForNumber(42)));
        other.AnonymousId = "anon-1";

        visitor.Apply(other);
        Assert.False(visitor.InSegment("hiking_shoes_43"));
        visitor.Apply(question);
        Assert.True(visitor.InSegment("hiking_shoes_43"));
        Assert.Contains(visitor.Workspace.Changes, c => c.Kind == ChangeKind.SegmentEntered && c.Segment == "hiking_shoes_43" && c.Reason == "product_question");
    }

    [Fact]
    public void Lead_filling_a_form_becomes_prospect_purchase_makes_customer_no_purchase_makes_inactive_new_purchase_brings_back()
    {
        var customer = new CustomerHarness();
        customer.Apply(Events.PageView(customer.Id, T0));
        Assert.Equal(LifecycleStage.Lead, customer.State.Stage);
        customer.Apply(Events.Form(customer.Id, T0.AddDays(1)));
        Assert.Equal(LifecycleStage.Prospect, customer.State.Stage);
        customer.Apply(Events.Purchase(customer.Id, T0.AddDays(2), 120));
        Assert.Equal(LifecycleStage.Customer, customer.State.Stage);

        var inactiveAt = T0.AddDays(2 + 180);
        customer.AdvanceTo(inactiveAt.AddMilliseconds(-1));
        Assert.Equal(LifecycleStage.Customer, customer.State.Stage);
        customer.AdvanceTo(inactiveAt);
        Assert.Equal(LifecycleStage.Inactive, customer.State.Stage);

        customer.Apply(Events.Purchase(customer.Id, inactiveAt.AddDays(10), 60));
        Assert.Equal(LifecycleStage.Customer, customer.State.Stage);
        var stages = customer.AllChanges.Where(c => c.Kind == ChangeKind.StageChanged).Select(c => c.NewStage).ToArray();
        Assert.Equal([LifecycleStage.Lead, LifecycleStage.Prospect, LifecycleStage.Customer, LifecycleStage.Inactive, LifecycleStage.Customer], stages);

        // The actor keeps the latest transitions (limits.stage_history, 8 in the default ruleset): all five here.
        var kept = customer.State.StageHistoryEntries;
        Assert.Equal(stages, kept.Select(s => s.To));
        Assert.Equal("no_purchase_inactive", kept[3].Reason);
        Assert.Equal(inactiveAt.ToUnixTimeMilliseconds(), kept[3].At);
    }
}
