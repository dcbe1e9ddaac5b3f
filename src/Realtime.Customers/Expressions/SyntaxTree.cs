namespace Realtime.Customers.Expressions;

/// <summary>The parsed expression; every node keeps the offset where it starts so type errors point at it.</summary>
internal abstract record SyntaxNode(int Position);

internal sealed record NumberLiteral(int Position, double Value) : SyntaxNode(Position);

internal sealed record DurationLiteral(int Position, double Milliseconds) : SyntaxNode(Position);

internal sealed record StringLiteral(int Position, string Value) : SyntaxNode(Position);

internal sealed record BoolLiteral(int Position, bool Value) : SyntaxNode(Position);

internal sealed record ListLiteral(int Position, IReadOnlyList<SyntaxNode> Items) : SyntaxNode(Position);

/// <summary>A dotted field path such as <c>traits.sector</c> or <c>event.props.size</c>.</summary>
internal sealed record FieldPath(int Position, IReadOnlyList<string> Parts) : SyntaxNode(Position)
{
    public string Dotted => string.Join('.', Parts);
}

internal sealed record FunctionCall(int Position, string Name, IReadOnlyList<SyntaxNode> Arguments) : SyntaxNode(Position);

internal sealed record UnaryOperation(int Position, TokenKind Operator, SyntaxNode Operand) : SyntaxNode(Position);

internal sealed record BinaryOperation(int Position, TokenKind Operator, SyntaxNode Left, SyntaxNode Right) : SyntaxNode(Position);
