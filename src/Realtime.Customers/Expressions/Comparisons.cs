namespace Realtime.Customers.Expressions;

/// <summary>
/// == != &lt; &lt;= &gt; &gt;= and <c>in</c>. Strings compare ignoring case (marketing data is typed by hand).
/// An open property takes the type of the other side.
/// </summary>
internal static class Comparisons
{
    public static Operand Compile(BinaryOperation binary, Operand left, Operand right)
    {
        var op = binary.Operator;
        var type = CommonType(binary, left, right);
        switch (type)
        {
            case ExpressionType.Number or ExpressionType.Duration:
                return CompileNumeric(binary, left, right);
            case ExpressionType.String:
                RequireEquality(binary, "strings");
                var lt = ExpressionCompiler.TextOf(left);
                var rt = ExpressionCompiler.TextOf(right);
                Func<EvaluationContext, bool> textEquals = op == TokenKind.Equal
                    ? c => DynamicValues.TextEquals(lt(c), rt(c))
                    : c => !DynamicValues.TextEquals(lt(c), rt(c));
                return ExpressionCompiler.Combine(left, right, ExpressionType.Bool, binary.Position, boolean: textEquals);
            case ExpressionType.Bool:
                RequireEquality(binary, "conditions");
                var lb = ExpressionCompiler.BoolOf(left);
                var rb = ExpressionCompiler.BoolOf(right);
                Func<EvaluationContext, bool> boolEquals = op == TokenKind.Equal ? c => lb(c) == rb(c) : c => lb(c) != rb(c);
                return ExpressionCompiler.Combine(left, right, ExpressionType.Bool, binary.Position, boolean: boolEquals);
            default:
                throw new ExpressionException($"cannot compare a {ExpressionCompiler.Describe(left.Type)} with a {ExpressionCompiler.Describe(right.Type)}", binary.Position);
        }
    }

    private static ExpressionType CommonType(BinaryOperation binary, Operand left, Operand right)
    {
        if (left.Type == ExpressionType.Dynamic && right.Type == ExpressionType.Dynamic)
        {
            return ExpressionType.String;
        }

        if (left.Type == ExpressionType.Dynamic)
        {
            return right.Type;
        }

        if (right.Type == ExpressionType.Dynamic || left.Type == right.Type)
        {
            return left.Type;
        }

        throw new ExpressionException($"cannot compare a {ExpressionCompiler.Describe(left.Type)} with a {ExpressionCompiler.Describe(right.Type)}", binary.Position);
    }

    private static void RequireEquality(BinaryOperation binary, string what)
    {
        if (binary.Operator is not (TokenKind.Equal or TokenKind.NotEqual))
        {
            throw new ExpressionException($"{what} can only be compared with == or !=", binary.Position);
        }
    }

    private static Operand CompileNumeric(BinaryOperation binary, Operand left, Operand right)
    {
        var l = ExpressionCompiler.NumberOf(left);
        var r = ExpressionCompiler.NumberOf(right);
        Func<EvaluationContext, bool> value = binary.Operator switch
        {
            TokenKind.Equal => c => l(c) == r(c),
            TokenKind.NotEqual => c => l(c) != r(c),
            TokenKind.Less => c => l(c) < r(c),
            TokenKind.LessOrEqual => c => l(c) <= r(c),
            TokenKind.Greater => c => l(c) > r(c),
            _ => c => l(c) >= r(c),
        };

        // A linear-in-time side against a side that does not move with time flips at one computable instant.
        Func<EvaluationContext, long>? next = null;
        if (left.Linear is { } linear && !right.IsTimeDependent)
        {
            next = c => linear.NextCrossing(c, r(c), binary.Operator);
        }
        else if (right.Linear is { } rightLinear && !left.IsTimeDependent)
        {
            next = c => rightLinear.NextCrossing(c, l(c), Mirror(binary.Operator));
        }

        return ExpressionCompiler.Combine(left, right, ExpressionType.Bool, binary.Position, boolean: value, nextChange: next);
    }

    /// <summary>"c &lt; x" is "x &gt; c": the operator seen from the right-hand side.</summary>
    private static TokenKind Mirror(TokenKind op) => op switch
    {
        TokenKind.Less => TokenKind.Greater,
        TokenKind.LessOrEqual => TokenKind.GreaterOrEqual,
        TokenKind.Greater => TokenKind.Less,
        TokenKind.GreaterOrEqual => TokenKind.LessOrEqual,
        _ => op,
    };

    public static Operand CompileIn(BinaryOperation binary, Operand left, Operand right)
    {
        if (right.Type == ExpressionType.StringList && left.Type is ExpressionType.String or ExpressionType.Dynamic)
        {
            var item = ExpressionCompiler.TextOf(left);
            var list = right.Strings!;
            return ExpressionCompiler.Combine(left, right, ExpressionType.Bool, binary.Position, boolean: c => ContainsText(list(c), item(c)));
        }

        if (right.Type == ExpressionType.NumberList && left.Type is ExpressionType.Number or ExpressionType.Dynamic)
        {
            var item = ExpressionCompiler.NumberOf(left);
            var numbers = right.ConstantNumbers!;
            return ExpressionCompiler.Combine(left, right, ExpressionType.Bool, binary.Position, boolean: c => Array.IndexOf(numbers, item(c)) >= 0);
        }

        throw new ExpressionException($"'in' needs a value and a list of the same kind, not a {ExpressionCompiler.Describe(left.Type)} and a {ExpressionCompiler.Describe(right.Type)}", binary.Position);
    }

    private static bool ContainsText(string[] values, string? item)
    {
        if (item is null)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (string.Equals(value, item, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
