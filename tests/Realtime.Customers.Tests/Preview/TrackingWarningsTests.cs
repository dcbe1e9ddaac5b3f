using Realtime.Contracts.V1;
using Realtime.Customers.Preview;
using Realtime.Customers.Rules;

namespace Realtime.Customers.Tests.Preview;

public sealed class TrackingWarningsTests
{
    private static CompiledRuleset WithSegment(string when) => RulesetLoader.LoadOrThrow(DefaultRuleset.Yaml.Replace(
        "segments:\n", $"segments:\n  - id: candidate_segment\n    when: '{when}'\n", StringComparison.Ordinal));

    [Fact]
    public void A_candidate_reading_types_the_active_ruleset_does_not_track_gets_one_warning_listing_them()
    {
        var active = DefaultRuleset.Load();
        var candidate = WithSegment("count(\"webinar_joined\") > 0 && days_since(\"call\") < 7 && count(\"form_filled\") > 0");

        Assert.Equal(["webinar_joined", "call"], TrackingWarnings.Untracked(candidate, active));
        var warning = Assert.Single(TrackingWarnings.AddTo(new ValidationResult { Valid = true }, candidate, active).Warnings);
        Assert.Equal("event types", warning.Rule);
        Assert.Contains("does not track 'webinar_joined', 'call'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("start from the publish", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_needing_more_timestamps_than_the_active_ruleset_kept_is_warned_and_the_same_ruleset_gets_none()
    {
        var active = DefaultRuleset.Load();
        Assert.Empty(TrackingWarnings.AddTo(new ValidationResult { Valid = true }, DefaultRuleset.Load(2), active).Warnings);

        var candidate = WithSegment("count(\"form_filled\", 30d) >= 3");
        Assert.Empty(TrackingWarnings.Untracked(candidate, active));
        Assert.Equal(["form_filled"], TrackingWarnings.Shallower(candidate, active));
        var warning = Assert.Single(TrackingWarnings.AddTo(new ValidationResult { Valid = true }, candidate, active).Warnings);
        Assert.Contains("fewer recent timestamps of 'form_filled'", warning.Message, StringComparison.Ordinal);
    }
}
