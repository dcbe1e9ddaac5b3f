using System.Globalization;

namespace Realtime.Customers.Expressions;

/// <summary>Hand-written lexer for the rule expression language. Durations are numbers with a unit: 90d, 12h, 30m, 10s, 2w.</summary>
internal static class Lexer
{
    private const double SecondMs = 1000;
    private const double MinuteMs = 60 * SecondMs;
    private const double HourMs = 60 * MinuteMs;
    private const double DayMs = 24 * HourMs;

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, i, ""));
                return tokens;
            }

            var start = i;
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(ReadString(text, ref i));
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                var word = text[start..i];
                var kind = word switch
                {
                    "true" => TokenKind.True,
                    "false" => TokenKind.False,
                    "in" => TokenKind.In,
                    _ => TokenKind.Identifier,
                };
                tokens.Add(new Token(kind, start, word));
            }
            else
            {
                tokens.Add(ReadSymbol(text, ref i));
            }
        }
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        var value = double.Parse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var unit = text[unitStart..i];
            var ms = unit switch
            {
                "ms" => 1,
                "s" => SecondMs,
                "m" => MinuteMs,
                "h" => HourMs,
                "d" => DayMs,
                "w" => 7 * DayMs,
                _ => throw new ExpressionException($"unknown duration unit '{unit}' (use ms, s, m, h, d or w)", unitStart),
            };
            return new Token(TokenKind.Duration, start, text[start..i], value * ms);
        }

        return new Token(TokenKind.Number, start, text[start..i], value);
    }

    private static Token ReadString(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        var builder = new System.Text.StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            builder.Append(text[i++]);
        }

        if (i >= text.Length)
        {
            throw new ExpressionException("unterminated string", start);
        }

        i++;
        return new Token(TokenKind.String, start, builder.ToString());
    }

    private static Token ReadSymbol(string text, ref int i)
    {
        var start = i;
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        (TokenKind kind, int length) = (c, next) switch
        {
            ('&', '&') => (TokenKind.And, 2),
            ('|', '|') => (TokenKind.Or, 2),
            ('=', '=') => (TokenKind.Equal, 2),
            ('!', '=') => (TokenKind.NotEqual, 2),
            ('<', '=') => (TokenKind.LessOrEqual, 2),
            ('>', '=') => (TokenKind.GreaterOrEqual, 2),
            ('!', _) => (TokenKind.Not, 1),
            ('<', _) => (TokenKind.Less, 1),
            ('>', _) => (TokenKind.Greater, 1),
            ('(', _) => (TokenKind.LeftParen, 1),
            (')', _) => (TokenKind.RightParen, 1),
            ('[', _) => (TokenKind.LeftBracket, 1),
            (']', _) => (TokenKind.RightBracket, 1),
            (',', _) => (TokenKind.Comma, 1),
            ('.', _) => (TokenKind.Dot, 1),
            ('+', _) => (TokenKind.Plus, 1),
            ('-', _) => (TokenKind.Minus, 1),
            ('*', _) => (TokenKind.Star, 1),
            ('/', _) => (TokenKind.Slash, 1),
            ('%', _) => (TokenKind.Percent, 1),
            ('=', _) => throw new ExpressionException("use '==' to compare", start),
            _ => throw new ExpressionException($"unexpected character '{c}'", start),
        };
        i += length;
        return new Token(kind, start, text.Substring(start, length));
    }
}
