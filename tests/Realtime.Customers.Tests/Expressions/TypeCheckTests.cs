using Realtime.Customers.Expressions;
using Realtime.Customers.Rules;

namespace Realtime.Customers.Tests.Expressions;

public sealed class TypeCheckTests
{
    private static ExpressionException Fails(string text, bool eventFields = false)
    {
        var scope = new CompileScope { Types = new EventTypeTable(), AllowEventFields = eventFields };
        return Assert.Throws<ExpressionException>(() => ExpressionCompiler.CompileCondition(text, scope));
    }

    [Theory]
    [InlineData("traits.sector == 3", 14, "cannot compare")]
    [InlineData("traits.shoe_size > 3", 0, "unknown field 'traits.shoe_size'")]
    [InlineData("score > 1 && frobnicate(2)", 13, "unknown function 'frobnicate'")]
    [InlineData("count(purchase) > 1", 6, "string literal")]
    [InlineData("count(\"purchase\", 30) > 1", 18, "duration literal")]
    [InlineData("score + 1", 6, "expected a condition")]
    [InlineData("traits.sector < \"b\"", 14, "only be compared with == or !=")]
    [InlineData("score in traits.interests", 6, "'in' needs")]
    [InlineData("event.props.size == 43", 0, "event-triggered rules")]
    [InlineData("score + 30d > 2", 6, "durations")]
    [InlineData("days_since(\"a\", 3d) > 1", 0, "takes 1 argument")]
    public void Reports_type_errors_at_the_node(string text, int position, string message)
    {
        var error = Fails(text);
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_event_fields_are_errors_in_event_rules()
    {
        var error = Fails("event.purchase.colour == \"red\"", eventFields: true);
        Assert.Contains("unknown event field", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Knows_what_an_expression_reads()
    {
        var types = new EventTypeTable();
        var scope = new CompileScope { Types = types };
        var traits = ExpressionCompiler.CompileCondition("traits.sector == \"x\"", scope);
        Assert.Equal(ReadSet.Traits, traits.Reads);
        Assert.False(traits.IsTimeDependent);

        var windowed = ExpressionCompiler.CompileCondition("count(\"form_filled\", 30d) >= 2 && score > 10", scope);
        var formBit = ReadSet.EventType(types.IndexOf("form_filled"));
        Assert.Equal(formBit | ReadSet.Score | ReadSet.Time, windowed.Reads);
        Assert.True(windowed.IsTimeDependent);
        Assert.Equal(3, types.CapacityOf(types.IndexOf("form_filled")));
    }
}
