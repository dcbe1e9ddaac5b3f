using Realtime.Customers.Preview;
using Realtime.Customers.Rules;
using Realtime.Customers.State;
using Realtime.Customers.Tests.Support;

namespace Realtime.Customers.Tests.Preview;

public sealed class RulesPreviewTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    [Fact]
    public void Shows_what_a_candidate_would_change_without_changing_anything()
    {
        var customers = new List<CustomerState>();
        for (var i = 0; i < 6; i++)
        {
            var customer = new CustomerHarness(id: $"c{i}");
            customer.Apply(Events.Traits(customer.Id, T0, t => t.Sector = i % 2 == 0 ? "agrifood" : "retail"));
            customer.Apply(Events.Form(customer.Id, T0.AddMinutes(1)));
            customers.Add(customer.State);
        }

        var before = customers.Select(StateSerializer.Serialize).ToList();
        var candidate = DefaultRuleset.Yaml.Replace("points: 20\n        - id: company_50_plus", "points: 45\n        - id: company_50_plus", StringComparison.Ordinal);
        Assert.NotEqual(DefaultRuleset.Yaml, candidate);

        var result = RulesPreview.Run(candidate, customers, T0.AddMinutes(2), maxMovers: 2);
        Assert.True(result.Validation.Valid);
        Assert.Equal(6, result.CustomersEvaluated);
        Assert.Equal(3, result.CustomersChanged);
        Assert.Equal(2, result.Movers.Count);
        Assert.All(result.Movers, m => Assert.Equal((30, 55), (m.ScoreBefore, m.ScoreAfter)));
        var gradeB = result.Grades.Single(g => g.Key == "B");
        Assert.Equal((0, 3), (gradeB.Before, gradeB.After));
        var hot = result.Segments.Single(s => s.Key == "agrifood_hot_leads");
        Assert.Equal((0, 3), (hot.Before, hot.After));
        Assert.Contains(result.Movers[0].SegmentsEntered, s => s == "agrifood_hot_leads");
        Assert.Equal(before, customers.Select(StateSerializer.Serialize));
    }

    [Fact]
    public void An_invalid_candidate_returns_its_errors()
    {
        var result = RulesPreview.Run("segments:\n  - id: x\n    when: nope(\n", [], T0);
        Assert.False(result.Validation.Valid);
        var error = Assert.Single(result.Validation.Errors);
        Assert.Equal("segments.x", error.Rule);
        Assert.Equal(3, error.Line);
    }
}
