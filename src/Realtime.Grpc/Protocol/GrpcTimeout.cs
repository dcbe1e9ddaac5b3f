namespace Realtime.Grpc.Protocol;

/// <summary>
/// <c>grpc-timeout</c> values: 1–8 ASCII digits and a unit (H, M, S, m, u, n). Anything else is invalid, and the server
/// rejects the call (see <see cref="Server.GrpcCallRunner"/>), as grpc-go does, instead of silently running it without a deadline.
/// </summary>
public static class GrpcTimeout
{
    public static bool TryParse(string? value, out TimeSpan timeout)
    {
        timeout = default;
        if (value is null || value.Length is < 2 or > 9)
        {
            return false;
        }

        long amount = 0;
        for (var i = 0; i < value.Length - 1; i++)
        {
            var c = value[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            amount = (amount * 10) + (c - '0');
        }

        long? ticks = value[^1] switch
        {
            'H' => amount * TimeSpan.TicksPerHour,
            'M' => amount * TimeSpan.TicksPerMinute,
            'S' => amount * TimeSpan.TicksPerSecond,
            'm' => amount * TimeSpan.TicksPerMillisecond,
            'u' => amount * TimeSpan.TicksPerMicrosecond,
            'n' => amount / 100,
            _ => null,
        };
        if (ticks is null)
        {
            return false;
        }

        timeout = TimeSpan.FromTicks(ticks.Value);
        return true;
    }

    /// <summary>Formats a timeout for the header, rounding up so the server never sees a shorter deadline than meant.</summary>
    public static string Format(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return "0n";
        }

        var ticks = timeout.Ticks;
        if (ticks <= 99_999_999 / 100)
        {
            return $"{ticks * 100}n";
        }

        var micros = (ticks + TimeSpan.TicksPerMicrosecond - 1) / TimeSpan.TicksPerMicrosecond;
        if (micros <= 99_999_999)
        {
            return $"{micros}u";
        }

        var millis = (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond;
        if (millis <= 99_999_999)
        {
            return $"{millis}m";
        }

        var seconds = (ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;
        return seconds <= 99_999_999 ? $"{seconds}S" : $"{Math.Min((seconds + 3599) / 3600, 99_999_999)}H";
    }
}
