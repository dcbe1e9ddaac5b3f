using System.Globalization;
using System.Text;

namespace Realtime.Pressure;

/// <summary>Durations as the ruleset writes them: numbers with units, largest first, e.g. "30d", "1h30m", "45s".</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (text == "0")
        {
            return true;
        }

        var i = 0;
        var any = false;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == start || i == text.Length
                || !long.TryParse(text.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || n > 100_000)
            {
                return false;
            }

            TimeSpan unit;
            switch (text[i])
            {
                case 'w': unit = TimeSpan.FromDays(7); break;
                case 'd': unit = TimeSpan.FromDays(1); break;
                case 'h': unit = TimeSpan.FromHours(1); break;
                case 'm': unit = TimeSpan.FromMinutes(1); break;
                case 's': unit = TimeSpan.FromSeconds(1); break;
                default: return false;
            }

            value += unit * n;
            i++;
            any = true;
        }

        return any;
    }

    /// <summary>The shortest text <see cref="TryParse"/> reads back as the same duration.</summary>
    public static string Format(TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            return "0";
        }

        var text = new StringBuilder();
        var seconds = (long)value.TotalSeconds;
        Append(text, ref seconds, 86_400, 'd');
        Append(text, ref seconds, 3_600, 'h');
        Append(text, ref seconds, 60, 'm');
        Append(text, ref seconds, 1, 's');
        return text.ToString();
    }

    private static void Append(StringBuilder text, ref long seconds, long unit, char name)
    {
        if (seconds >= unit)
        {
            text.Append(CultureInfo.InvariantCulture, $"{seconds / unit}{name}");
            seconds %= unit;
        }
    }
}
