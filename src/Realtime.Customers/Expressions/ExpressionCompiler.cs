namespace Realtime.Customers.Expressions;

/// <summary>
/// Type-checks a parsed expression and compiles it to closures. Type errors carry the offset of the node at fault.
/// Every operator also works out what the result reads and, for time-dependent values, when it can next change;
/// comparisons of a linear-in-time value with a constant solve for the exact flip instant.
/// </summary>
internal static class ExpressionCompiler
{
    public static CompiledExpression CompileCondition(string text, CompileScope scope)
    {
        var syntax = Parser.Parse(text);
        var operand = Compile(syntax, scope);
        operand = ToBool(operand);
        return new CompiledExpression(text, operand);
    }

    public static Operand Compile(SyntaxNode node, CompileScope scope) => node switch
    {
        NumberLiteral n => Constant(n.Position, n.Value, ExpressionType.Number),
        DurationLiteral d => Constant(d.Position, d.Milliseconds, ExpressionType.Duration),
        StringLiteral s => new Operand { Type = ExpressionType.String, Position = s.Position, Text = _ => s.Value, IsConstant = true, ConstantStrings = [s.Value] },
        BoolLiteral b => new Operand { Type = ExpressionType.Bool, Position = b.Position, Bool = _ => b.Value, IsConstant = true },
        ListLiteral list => CompileList(list, scope),
        FieldPath path => CustomerFields.Compile(path, scope),
        FunctionCall call => CustomerFunctions.Compile(call, scope),
        UnaryOperation unary => CompileUnary(unary, scope),
        BinaryOperation binary => CompileBinary(binary, scope),
        _ => throw new ExpressionException("unsupported expression", node.Position),
    };

    public static Operand Constant(int position, double value, ExpressionType type) =>
        new() { Type = type, Position = position, Number = _ => value, IsConstant = true, ConstantNumbers = [value] };

    public static Operand ToBool(Operand operand) => operand.Type switch
    {
        ExpressionType.Bool => operand,
        ExpressionType.Dynamic => Derive(operand, ExpressionType.Bool, boolean: Bool(operand)),
        _ => throw new ExpressionException($"expected a condition (true or false) but this is a {Describe(operand.Type)}", operand.Position),
    };

    private static Func<EvaluationContext, bool> Bool(Operand operand)
    {
        if (operand.Bool is { } boolean)
        {
            return boolean;
        }

        var dynamic = operand.Dynamic!;
        return c => DynamicValues.AsBool(dynamic(c));
    }

    private static Func<EvaluationContext, double> Number(Operand operand)
    {
        if (operand.Number is { } number)
        {
            return number;
        }

        if (operand.Type == ExpressionType.Dynamic)
        {
            var dynamic = operand.Dynamic!;
            return c => DynamicValues.AsNumber(dynamic(c));
        }

        throw new ExpressionException($"expected a number but this is a {Describe(operand.Type)}", operand.Position);
    }

    private static Func<EvaluationContext, string?> Text(Operand operand)
    {
        if (operand.Text is { } text)
        {
            return text;
        }

        if (operand.Type == ExpressionType.Dynamic)
        {
            var dynamic = operand.Dynamic!;
            return c => DynamicValues.AsText(dynamic(c));
        }

        throw new ExpressionException($"expected a string but this is a {Describe(operand.Type)}", operand.Position);
    }

    public static string Describe(ExpressionType type) => type switch
    {
        ExpressionType.Number => "number",
        ExpressionType.String => "string",
        ExpressionType.Bool => "condition",
        ExpressionType.Duration => "duration",
        ExpressionType.StringList => "list of strings",
        ExpressionType.NumberList => "list of numbers",
        _ => "open property",
    };

    private static Operand CompileList(ListLiteral list, CompileScope scope)
    {
        var items = list.Items.Select(item => Compile(item, scope)).ToList();
        if (items.Any(item => !item.IsConstant))
        {
            var bad = items.First(item => !item.IsConstant);
            throw new ExpressionException("list items must be literals", bad.Position);
        }

        if (items.Count == 0 || items.All(item => item.Type == ExpressionType.String))
        {
            var strings = items.Select(item => item.ConstantStrings![0]).ToArray();
            return new Operand { Type = ExpressionType.StringList, Position = list.Position, Strings = _ => strings, IsConstant = true, ConstantStrings = strings };
        }

        if (items.All(item => item.Type == ExpressionType.Number))
        {
            var numbers = items.Select(item => item.ConstantNumbers![0]).ToArray();
            return new Operand { Type = ExpressionType.NumberList, Position = list.Position, IsConstant = true, ConstantNumbers = numbers };
        }

        throw new ExpressionException("a list holds only strings or only numbers", list.Position);
    }

    private static Operand CompileUnary(UnaryOperation unary, CompileScope scope)
    {
        var operand = Compile(unary.Operand, scope);
        if (unary.Operator == TokenKind.Not)
        {
            var inner = ToBool(operand);
            var value = inner.Bool!;
            return Derive(inner, ExpressionType.Bool, boolean: c => !value(c), position: unary.Position);
        }

        if (operand.Type is not (ExpressionType.Number or ExpressionType.Dynamic or ExpressionType.Duration))
        {
            throw new ExpressionException($"'-' needs a number but this is a {Describe(operand.Type)}", operand.Position);
        }

        var number = Number(operand);
        return Derive(operand, operand.Type == ExpressionType.Duration ? ExpressionType.Duration : ExpressionType.Number,
            number: c => -number(c), linear: operand.Linear?.Scale(-1), position: unary.Position);
    }

    private static Operand CompileBinary(BinaryOperation binary, CompileScope scope)
    {
        if (binary.Operator is TokenKind.And or TokenKind.Or)
        {
            var left = ToBool(Compile(binary.Left, scope));
            var right = ToBool(Compile(binary.Right, scope));
            var l = left.Bool!;
            var r = right.Bool!;
            Func<EvaluationContext, bool> value = binary.Operator == TokenKind.And ? c => l(c) && r(c) : c => l(c) || r(c);
            return Combine(left, right, ExpressionType.Bool, binary.Position, boolean: value);
        }

        CustomerFunctions.ReserveCountCapacity(binary, scope);
        var leftOperand = Compile(binary.Left, scope);
        var rightOperand = Compile(binary.Right, scope);
        return binary.Operator switch
        {
            TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Slash or TokenKind.Percent =>
                Arithmetic.Compile(binary, leftOperand, rightOperand),
            TokenKind.In => Comparisons.CompileIn(binary, leftOperand, rightOperand),
            _ => Comparisons.Compile(binary, leftOperand, rightOperand),
        };
    }

    public static Operand Derive(Operand from, ExpressionType type, Func<EvaluationContext, bool>? boolean = null,
        Func<EvaluationContext, double>? number = null, LinearInTime? linear = null, int? position = null) => new()
        {
            Type = type,
            Position = position ?? from.Position,
            Bool = boolean,
            Number = number,
            Reads = from.Reads,
            NextChange = linear is not null ? linear.NextWholeUnit : from.NextChange,
            Linear = linear,
            IsConstant = from.IsConstant,
            ConstantNumbers = from.IsConstant && number is not null ? [number(new EvaluationContext())] : null,
        };

    public static Operand Combine(Operand left, Operand right, ExpressionType type, int position,
        Func<EvaluationContext, bool>? boolean = null, Func<EvaluationContext, double>? number = null,
        Func<EvaluationContext, long>? nextChange = null, LinearInTime? linear = null) => new()
        {
            Type = type,
            Position = position,
            Bool = boolean,
            Number = number,
            Reads = left.Reads | right.Reads,
            NextChange = nextChange ?? (linear is not null ? linear.NextWholeUnit : EarliestOf(left.NextChange, right.NextChange)),
            Linear = linear,
            IsConstant = left.IsConstant && right.IsConstant,
            ConstantNumbers = left.IsConstant && right.IsConstant && number is not null ? [number(new EvaluationContext())] : null,
        };

    public static Func<EvaluationContext, long>? EarliestOf(Func<EvaluationContext, long>? first, Func<EvaluationContext, long>? second)
    {
        if (first is null)
        {
            return second;
        }

        if (second is null)
        {
            return first;
        }

        return c => Math.Min(first(c), second(c));
    }

    internal static Func<EvaluationContext, double> NumberOf(Operand operand) => Number(operand);

    internal static Func<EvaluationContext, string?> TextOf(Operand operand) => Text(operand);

    internal static Func<EvaluationContext, bool> BoolOf(Operand operand) => Bool(operand);
}
