using ProtoValue = Google.Protobuf.WellKnownTypes.Value;

namespace Realtime.Customers.Expressions;

/// <summary>
/// A compiled, type-checked sub-expression: exactly one evaluator is set, matching <see cref="Type"/>. Evaluators
/// are closures over the context (built once per ruleset version) and do not allocate.
/// </summary>
internal sealed class Operand
{
    public required ExpressionType Type { get; init; }

    public required int Position { get; init; }

    public Func<EvaluationContext, double>? Number { get; init; }

    public Func<EvaluationContext, bool>? Bool { get; init; }

    /// <summary>Null means unknown and compares like the empty string.</summary>
    public Func<EvaluationContext, string?>? Text { get; init; }

    public Func<EvaluationContext, string[]>? Strings { get; init; }

    public Func<EvaluationContext, ProtoValue?>? Dynamic { get; init; }

    /// <summary>Set for literals, so comparisons with a constant can be solved in time.</summary>
    public bool IsConstant { get; init; }

    public string[]? ConstantStrings { get; init; }

    public double[]? ConstantNumbers { get; init; }

    public ulong Reads { get; init; }

    /// <summary>The next instant this value can change with no event; null when it only changes with events.</summary>
    public Func<EvaluationContext, long>? NextChange { get; init; }

    /// <summary>Set when the value grows linearly with time (days_since and arithmetic on it with constants).</summary>
    public LinearInTime? Linear { get; init; }

    public bool IsTimeDependent => NextChange is not null;
}
