namespace Realtime.Customers.Expressions;

/// <summary>
/// Recursive-descent parser. Precedence, lowest first: <c>||</c>, <c>&amp;&amp;</c>, comparisons and <c>in</c>
/// (not chainable), <c>+ -</c>, <c>* / %</c>, unary <c>! -</c>, then literals, paths, calls and parentheses.
/// </summary>
internal sealed class Parser
{
    private readonly List<Token> _tokens;
    private int _index;

    private Parser(List<Token> tokens) => _tokens = tokens;

    public static SyntaxNode Parse(string text)
    {
        var parser = new Parser(Lexer.Tokenize(text));
        var node = parser.ParseOr();
        var end = parser.Current;
        if (end.Kind != TokenKind.End)
        {
            throw new ExpressionException($"unexpected '{end.Text}' after the end of the expression", end.Position);
        }

        return node;
    }

    private Token Current => _tokens[_index];

    private Token Advance() => _tokens[_index++];

    private Token Expect(TokenKind kind, string what)
    {
        var token = Current;
        if (token.Kind != kind)
        {
            var found = token.Kind == TokenKind.End ? "the end of the expression" : $"'{token.Text}'";
            throw new ExpressionException($"expected {what} but found {found}", token.Position);
        }

        return Advance();
    }

    private SyntaxNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.Or)
        {
            var op = Advance();
            left = new BinaryOperation(op.Position, TokenKind.Or, left, ParseAnd());
        }

        return left;
    }

    private SyntaxNode ParseAnd()
    {
        var left = ParseComparison();
        while (Current.Kind == TokenKind.And)
        {
            var op = Advance();
            left = new BinaryOperation(op.Position, TokenKind.And, left, ParseComparison());
        }

        return left;
    }

    private SyntaxNode ParseComparison()
    {
        var left = ParseAdditive();
        if (Current.Kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual
            or TokenKind.Greater or TokenKind.GreaterOrEqual or TokenKind.In)
        {
            var op = Advance();
            left = new BinaryOperation(op.Position, op.Kind, left, ParseAdditive());
            if (Current.Kind is TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessOrEqual
                or TokenKind.Greater or TokenKind.GreaterOrEqual or TokenKind.In)
            {
                throw new ExpressionException("comparisons cannot be chained: use && between them", Current.Position);
            }
        }

        return left;
    }

    private SyntaxNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            left = new BinaryOperation(op.Position, op.Kind, left, ParseMultiplicative());
        }

        return left;
    }

    private SyntaxNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            left = new BinaryOperation(op.Position, op.Kind, left, ParseUnary());
        }

        return left;
    }

    private SyntaxNode ParseUnary()
    {
        if (Current.Kind is TokenKind.Not or TokenKind.Minus)
        {
            var op = Advance();
            return new UnaryOperation(op.Position, op.Kind, ParseUnary());
        }

        return ParsePrimary();
    }

    private SyntaxNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                Advance();
                return new NumberLiteral(token.Position, token.Number);
            case TokenKind.Duration:
                Advance();
                return new DurationLiteral(token.Position, token.Number);
            case TokenKind.String:
                Advance();
                return new StringLiteral(token.Position, token.Text);
            case TokenKind.True or TokenKind.False:
                Advance();
                return new BoolLiteral(token.Position, token.Kind == TokenKind.True);
            case TokenKind.LeftParen:
                Advance();
                var inner = ParseOr();
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.LeftBracket:
                return ParseList();
            case TokenKind.Identifier:
                return ParsePathOrCall();
            case TokenKind.End:
                throw new ExpressionException("unexpected end of the expression", token.Position);
            default:
                throw new ExpressionException($"unexpected '{token.Text}'", token.Position);
        }
    }

    private ListLiteral ParseList()
    {
        var open = Advance();
        var items = new List<SyntaxNode>();
        if (Current.Kind != TokenKind.RightBracket)
        {
            items.Add(ParseOr());
            while (Current.Kind == TokenKind.Comma)
            {
                Advance();
                items.Add(ParseOr());
            }
        }

        Expect(TokenKind.RightBracket, "']'");
        return new ListLiteral(open.Position, items);
    }

    private SyntaxNode ParsePathOrCall()
    {
        var first = Advance();
        if (Current.Kind == TokenKind.LeftParen)
        {
            Advance();
            var arguments = new List<SyntaxNode>();
            if (Current.Kind != TokenKind.RightParen)
            {
                arguments.Add(ParseOr());
                while (Current.Kind == TokenKind.Comma)
                {
                    Advance();
                    arguments.Add(ParseOr());
                }
            }

            Expect(TokenKind.RightParen, "')'");
            return new FunctionCall(first.Position, first.Text, arguments);
        }

        var parts = new List<string> { first.Text };
        while (Current.Kind == TokenKind.Dot)
        {
            Advance();
            var part = Current;
            if (part.Kind is not (TokenKind.Identifier or TokenKind.In or TokenKind.True or TokenKind.False))
            {
                throw new ExpressionException("expected a field name after '.'", part.Position);
            }

            Advance();
            parts.Add(part.Text);
        }

        if (Current.Kind == TokenKind.LeftParen)
        {
            throw new ExpressionException("methods are not supported: call functions by name, e.g. count(\"purchase\", 30d)", Current.Position);
        }

        return new FieldPath(first.Position, parts);
    }
}
