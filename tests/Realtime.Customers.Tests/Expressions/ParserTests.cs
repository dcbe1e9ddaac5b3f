using Realtime.Customers.Expressions;

namespace Realtime.Customers.Tests.Expressions;

public sealed class ParserTests
{
    [Theory]
    [InlineData("traits.sector == \"agrifood\" && score >= 50")]
    [InlineData("count(\"form_filled\", 30d) > 2 || !(stage in [\"customer\", \"inactive\"])")]
    [InlineData("-days_since(\"purchase\") + 2 * 3 % 2 < 1.5")]
    [InlineData("'tennis' in traits.interests")]
    public void Parses_valid_expressions(string text) => Assert.NotNull(Parser.Parse(text));

    [Theory]
    [InlineData("score >= ", 9, "unexpected end")]
    [InlineData("score = 3", 6, "use '=='")]
    [InlineData("score > 1 < 2", 10, "cannot be chained")]
    [InlineData("count(\"x\", 3y)", 12, "unknown duration unit")]
    [InlineData("traits.sector == \"agri", 17, "unterminated string")]
    [InlineData("(score > 1", 10, "expected ')'")]
    [InlineData("score # 2", 6, "unexpected character")]
    [InlineData("traits.sector.lower()", 19, "methods are not supported")]
    public void Reports_the_position_of_syntax_errors(string text, int position, string message)
    {
        var error = Assert.Throws<ExpressionException>(() => Parser.Parse(text));
        Assert.Equal(position, error.Position);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lexes_durations_in_milliseconds()
    {
        var tokens = Lexer.Tokenize("90d 1h 30m 10s 2w");
        Assert.Equal([90 * 86_400_000.0, 3_600_000, 1_800_000, 10_000, 14 * 86_400_000.0], tokens.Take(5).Select(t => t.Number));
        Assert.All(tokens.Take(5), t => Assert.Equal(TokenKind.Duration, t.Kind));
    }
}
