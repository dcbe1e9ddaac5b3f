using Realtime.Customers.State;

namespace Realtime.Customers.Expressions;

/// <summary>
/// Functions over the customer's history: count(type[, window]), days_since(type), hours_since(type),
/// sum_amount([window]), has_interest(name). Event types must be string literals so the ruleset knows which types
/// to track; "any" is every event but traits. Unknown functions are errors.
/// </summary>
internal static class CustomerFunctions
{
    private const double HourMs = 3_600_000;

    public static Operand Compile(FunctionCall call, CompileScope scope) => call.Name switch
    {
        "count" => Count(call, scope),
        "days_since" => Since(call, scope, 86_400_000),
        "hours_since" => Since(call, scope, HourMs),
        "sum_amount" => SumAmount(call, scope),
        "has_interest" => HasInterest(call, scope),
        _ => throw new ExpressionException($"unknown function '{call.Name}' (known: count, days_since, hours_since, sum_amount, has_interest)", call.Position),
    };

    /// <summary>A windowed count compared with a constant needs that many timestamps (plus one) to be exact.</summary>
    public static void ReserveCountCapacity(BinaryOperation comparison, CompileScope scope)
    {
        if (comparison.Operator is TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Slash or TokenKind.Percent or TokenKind.In)
        {
            return;
        }

        var (call, literal) = (comparison.Left, comparison.Right) switch
        {
            (FunctionCall c, NumberLiteral n) => (c, n),
            (NumberLiteral n, FunctionCall c) => (c, n),
            _ => (null, null),
        };
        if (call is { Name: "count", Arguments: [StringLiteral type, DurationLiteral] } && literal is not null)
        {
            var index = scope.Types.Register(type.Value);
            scope.Types.RequireCapacity(index, (int)Math.Ceiling(literal.Value) + 1);
        }
    }

    private static Operand Count(FunctionCall call, CompileScope scope)
    {
        RequireArguments(call, 1, 2);
        var index = TypeArgument(call, scope);
        var reads = ReadSet.EventType(index);
        if (call.Arguments.Count == 1)
        {
            return new Operand { Type = ExpressionType.Number, Position = call.Position, Number = c => c.State.TypeTotals[index], Reads = reads };
        }

        var window = WindowArgument(call, 1);
        if (scope.Types.CapacityOf(index) == 0)
        {
            // Not compared with a constant (that reserves exactly what it needs): keep a default number.
            scope.Types.RequireCapacity(index, scope.DefaultWindowCapacity);
        }

        return new Operand
        {
            Type = ExpressionType.Number,
            Position = call.Position,
            Number = c => EventHistory.Count(c.State, index, c.Now, window),
            Reads = reads,
            NextChange = c => EventHistory.NextCountChange(c.State, index, c.Now, window),
        };
    }

    private static Operand Since(FunctionCall call, CompileScope scope, double unitMs)
    {
        RequireArguments(call, 1, 1);
        var index = TypeArgument(call, scope);
        var linear = CustomerFields.DaysSince(index, unitMs);
        return new Operand
        {
            Type = ExpressionType.Number,
            Position = call.Position,
            Number = c =>
            {
                var last = c.State.TypeLast[index];
                return last == CustomerState.Empty ? double.PositiveInfinity : (c.Now - last) / unitMs;
            },
            Reads = ReadSet.EventType(index),
            NextChange = linear.NextWholeUnit,
            Linear = linear,
        };
    }

    private static Operand SumAmount(FunctionCall call, CompileScope scope)
    {
        RequireArguments(call, 0, 1);
        var purchase = scope.Types.PurchaseIndex;
        var reads = ReadSet.EventType(purchase);
        if (call.Arguments.Count == 0)
        {
            return new Operand { Type = ExpressionType.Number, Position = call.Position, Number = c => c.State.PurchaseTotal, Reads = reads };
        }

        var window = WindowArgument(call, 0);
        scope.Types.RequireCapacity(purchase, scope.DefaultWindowCapacity);
        return new Operand
        {
            Type = ExpressionType.Number,
            Position = call.Position,
            Number = c => EventHistory.SumAmount(c.State, c.Now, window),
            Reads = reads,
            NextChange = c => EventHistory.NextCountChange(c.State, purchase, c.Now, window),
        };
    }

    private static Operand HasInterest(FunctionCall call, CompileScope scope)
    {
        RequireArguments(call, 1, 1);
        var argument = ExpressionCompiler.Compile(call.Arguments[0], scope);
        if (argument.Type != ExpressionType.String)
        {
            throw new ExpressionException("has_interest needs a string", argument.Position);
        }

        var name = argument.Text!;
        return new Operand
        {
            Type = ExpressionType.Bool,
            Position = call.Position,
            Bool = c => name(c) is { } interest && CustomerTraits.Contains(c.State.Traits.Interests, interest),
            Reads = ReadSet.Traits | argument.Reads,
        };
    }

    private static void RequireArguments(FunctionCall call, int min, int max)
    {
        if (call.Arguments.Count < min || call.Arguments.Count > max)
        {
            var expected = min == max ? $"{min}" : $"{min} to {max}";
            throw new ExpressionException($"{call.Name} takes {expected} argument(s), not {call.Arguments.Count}", call.Position);
        }
    }

    private static int TypeArgument(FunctionCall call, CompileScope scope)
    {
        if (call.Arguments[0] is not StringLiteral type || type.Value.Length == 0)
        {
            throw new ExpressionException($"{call.Name} needs an event type as a string literal, e.g. \"form_filled\"", call.Arguments[0].Position);
        }

        return scope.Types.Register(type.Value);
    }

    private static long WindowArgument(FunctionCall call, int index)
    {
        if (call.Arguments[index] is not DurationLiteral window || window.Milliseconds <= 0)
        {
            throw new ExpressionException($"{call.Name} needs a positive duration literal as its window, e.g. 30d", call.Arguments[index].Position);
        }

        return (long)window.Milliseconds;
    }
}
