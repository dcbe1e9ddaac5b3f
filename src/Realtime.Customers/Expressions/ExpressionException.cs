namespace Realtime.Customers.Expressions;

/// <summary>A lexing, parsing or type error, with the 0-based offset in the expression where it was found.</summary>
public sealed class ExpressionException(string message, int position) : Exception(message)
{
    public int Position { get; } = position;
}
