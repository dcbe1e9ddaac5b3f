using Realtime.Customers.Rules;
using YamlDotNet.RepresentationModel;

namespace Realtime.Customers.Tests.Rules;

public sealed class RulesetValidationTests
{
    private static IReadOnlyList<RuleError> Errors(string yaml)
    {
        var result = RulesetLoader.Load(yaml);
        Assert.False(result.IsValid);
        return result.Errors;
    }

    [Fact]
    public void The_default_ruleset_is_valid_and_carries_contact_pressure_untouched()
    {
        var ruleset = DefaultRuleset.Load();
        Assert.Equal(1, ruleset.Version);
        Assert.Equal(100, ruleset.TotalCap);
        Assert.Equal(["A", "B", "C", "D"], ruleset.Grades.Select(g => g.Label));
        var pressure = Assert.IsType<YamlMappingNode>(ruleset.ContactPressure);
        Assert.True(pressure.Children.ContainsKey(new YamlScalarNode("quiet_hours")));
    }

    [Fact]
    public void The_version_can_be_overridden_by_the_publisher()
    {
        Assert.Equal(7, DefaultRuleset.Load(version: 7).Version);
    }

    [Fact]
    public void Expression_errors_name_the_line_the_column_and_the_rule()
    {
        var errors = Errors("""
            scoring:
              groups:
                - id: fit
                  rules:
                    - id: sector
                      when: traits.sector == "agrifood" && frobnicate(1)
                      points: 10
            """);
        var error = Assert.Single(errors);
        Assert.Equal(6, error.Line);
        Assert.Equal(48, error.Column);
        Assert.Equal("scoring.fit.sector", error.Rule);
        Assert.Contains("unknown function 'frobnicate'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_expressions_point_inside_the_quotes()
    {
        var error = Assert.Single(Errors("""
            segments:
              - id: big
                when: "traits.company_sise > 50"
            """));
        Assert.Equal((3, 12), (error.Line, error.Column));
        Assert.Equal("segments.big", error.Rule);
        Assert.Contains("unknown field 'traits.company_sise'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_are_errors_not_ignored()
    {
        var errors = Errors("""
            scoring:
              groups:
                - id: fit
                  rules:
                    - id: sector
                      when: traits.sector == "agrifood"
                      pionts: 10
            segmants: []
            """);
        Assert.Contains(errors, e => e.Line == 7 && e.Column == 11 && e.Rule == "scoring.fit" && e.Message.Contains("unknown field 'pionts'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Rule == "scoring.fit.sector" && e.Message.Contains("'points' is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 8 && e.Column == 1 && e.Message.Contains("unknown field 'segmants'", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_every_error_not_only_the_first()
    {
        var errors = Errors("""
            scoring:
              total_cap: lots
              decay: { every: monthly, percent: 120, groups: [nope] }
            grades:
              A: high
            lifecycle:
              initial: customerish
              rules:
                - id: r
                  to: prospect
                  when: count("form_filled") >
            segments:
              - id: s
                when: score > 1
              - id: s
                when: score > 2
            """);
        Assert.Contains(errors, e => e.Rule == "scoring.total_cap");
        Assert.Contains(errors, e => e.Rule == "scoring.decay" && e.Message.Contains("duration", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Rule == "scoring.decay" && e.Message.Contains("between 0 and 100", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Rule == "scoring.decay" && e.Message.Contains("unknown scoring group 'nope'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Rule == "grades.A");
        Assert.Contains(errors, e => e.Rule == "lifecycle" && e.Message.Contains("customerish", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Rule == "lifecycle.r" && e.Message.Contains("unexpected end", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Rule == "segments.s" && e.Message.Contains("defined twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Yaml_syntax_errors_have_a_position()
    {
        var error = Assert.Single(Errors("segments:\n  - id: [unclosed\n"));
        Assert.Equal("document", error.Rule);
        Assert.True(error.Line >= 2);
    }

    [Fact]
    public void Event_fields_are_only_allowed_in_event_rules()
    {
        var error = Assert.Single(Errors("""
            scoring:
              groups:
                - id: g
                  rules:
                    - id: r
                      when: event.props.size == 43
                      points: 1
            """));
        Assert.Contains("event-triggered", error.Message, StringComparison.Ordinal);
        Assert.Equal("scoring.g.r", error.Rule);
    }

    [Fact]
    public void The_shipped_limits_keep_weeks_of_score_and_stage_history_and_a_one_point_timeline_is_an_error()
    {
        var limits = DefaultRuleset.Load().Limits;
        Assert.Equal((16, 8), (limits.ScoreHistory, limits.StageHistory));

        var error = Assert.Single(Errors("limits: { score_history: 1 }"));
        Assert.Equal("limits", error.Rule);
        Assert.Contains("'score_history' must be a whole number of at least 2", error.Message, StringComparison.Ordinal);
    }
}
