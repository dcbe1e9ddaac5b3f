namespace Realtime.Customers.Expressions;

/// <summary>+ - * / % on numbers (and + - on durations). Linear-in-time values stay linear under constants.</summary>
internal static class Arithmetic
{
    public static Operand Compile(BinaryOperation binary, Operand left, Operand right)
    {
        var durations = left.Type == ExpressionType.Duration || right.Type == ExpressionType.Duration;
        if (durations && !(left.Type == right.Type && binary.Operator is TokenKind.Plus or TokenKind.Minus))
        {
            throw new ExpressionException("durations can only be added to or subtracted from durations", binary.Position);
        }

        var l = ExpressionCompiler.NumberOf(left);
        var r = ExpressionCompiler.NumberOf(right);
        Func<EvaluationContext, double> value = binary.Operator switch
        {
            TokenKind.Plus => c => l(c) + r(c),
            TokenKind.Minus => c => l(c) - r(c),
            TokenKind.Star => c => l(c) * r(c),
            TokenKind.Slash => c => l(c) / r(c),
            _ => c => l(c) % r(c),
        };
        return ExpressionCompiler.Combine(left, right, durations ? ExpressionType.Duration : ExpressionType.Number,
            binary.Position, number: value, linear: LinearResult(binary.Operator, left, right));
    }

    private static LinearInTime? LinearResult(TokenKind op, Operand left, Operand right)
    {
        if (left.Linear is { } linear && right.IsConstant)
        {
            var constant = right.ConstantNumbers![0];
            return op switch
            {
                TokenKind.Plus => linear.Shift(constant),
                TokenKind.Minus => linear.Shift(-constant),
                TokenKind.Star => linear.Scale(constant),
                TokenKind.Slash when constant != 0 => linear.Scale(1 / constant),
                _ => null,
            };
        }

        if (right.Linear is { } rightLinear && left.IsConstant)
        {
            var constant = left.ConstantNumbers![0];
            return op switch
            {
                TokenKind.Plus => rightLinear.Shift(constant),
                TokenKind.Minus => rightLinear.Scale(-1).Shift(constant),
                TokenKind.Star => rightLinear.Scale(constant),
                _ => null,
            };
        }

        return null;
    }
}
