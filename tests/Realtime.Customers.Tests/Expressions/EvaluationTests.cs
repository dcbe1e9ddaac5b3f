using Realtime.Contracts.V1;
using Realtime.Customers.Tests.Support;
using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Realtime.Customers.Tests.Expressions;

public sealed class EvaluationTests
{
    private static readonly DateTimeOffset T0 = CustomerHarness.Start;

    private static CustomerHarness Customer(string condition)
    {
        var harness = new CustomerHarness(Rulesets.WithSegment(condition));
        return harness;
    }

    [Theory]
    [InlineData("1 + 2 * 3 == 7", true)]
    [InlineData("(1 + 2) * 3 == 9 && 7 % 4 == 3 && 9 / 2 == 4.5", true)]
    [InlineData("!(1 > 2) || false", true)]
    [InlineData("\"AgriFood\" == \"agrifood\"", true)]
    [InlineData("3 in [1, 2, 3] && !(\"x\" in [\"a\"])", true)]
    [InlineData("-2 < -1 && 30d > 12h", true)]
    [InlineData("true != false", true)]
    public void Evaluates_literals_and_operators(string text, bool expected)
    {
        var customer = Customer(text);
        customer.Apply(Events.PageView(customer.Id, T0));
        Assert.Equal(expected, customer.InSegment("s"));
    }

    [Fact]
    public void Reads_traits_and_functions_over_the_customer()
    {
        var customer = Customer("traits.company_size >= 50 && has_interest(\"Tennis\") && count(\"form_filled\", 30d) == 2 && sum_amount(365d) == 150 && rfm.frequency == 2 && age == 40");
        customer.Apply(Events.Traits(customer.Id, T0, t => { t.CompanySize = 60; t.Interests.Add("tennis"); t.BirthDate = "1985-03-14"; }));
        customer.Apply(Events.Form(customer.Id, T0.AddDays(1)));
        customer.Apply(Events.Purchase(customer.Id, T0.AddDays(1), 100));
        Assert.False(customer.InSegment("s"));
        customer.Apply(Events.Form(customer.Id, T0.AddDays(2)));
        customer.Apply(Events.Purchase(customer.Id, T0.AddDays(2), 50));
        Assert.True(customer.InSegment("s"));
    }

    [Fact]
    public void Unknown_values_compare_false()
    {
        var customer = Customer("traits.company_size < 5 || traits.sector == \"x\" || age > 0");
        customer.Apply(Events.PageView(customer.Id, T0));
        Assert.False(customer.InSegment("s"));
    }

    [Fact]
    public void Unknown_event_types_are_kept_and_countable()
    {
        var customer = Customer("count(\"webinar_joined\") >= 2");
        customer.Apply(Events.Open(customer.Id, T0, "webinar_joined", ("topic", ProtoValue.ForString("soil"))));
        customer.Apply(Events.Open(customer.Id, T0.AddMinutes(1), "webinar_joined"));
        Assert.True(customer.InSegment("s"));
        Assert.Equal(2, customer.State.TotalOf("webinar_joined"));
    }

    [Fact]
    public void Stage_score_and_grade_are_readable()
    {
        var customer = Customer("stage == \"lead\" && score == 0 && grade == \"D\"");
        customer.Apply(Events.PageView(customer.Id, T0));
        Assert.True(customer.InSegment("s"));
        Assert.Equal(LifecycleStage.Lead, customer.State.Stage);
    }
}
