namespace Realtime.Customers.Expressions;

/// <summary>The kinds of token the expression lexer produces.</summary>
internal enum TokenKind
{
    End,
    Number,
    Duration,
    String,
    Identifier,
    True,
    False,
    In,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    Not,
    And,
    Or,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
}
