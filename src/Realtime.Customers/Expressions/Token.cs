namespace Realtime.Customers.Expressions;

/// <summary>One token and where it starts in the expression text (0-based offset).</summary>
/// <param name="Number">The value of a number literal, or a duration in milliseconds.</param>
internal readonly record struct Token(TokenKind Kind, int Position, string Text, double Number = 0);
