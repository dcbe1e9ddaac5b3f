namespace Realtime.Customers.Expressions;

/// <summary>
/// A numeric value that grows linearly with time: <c>(now - anchor) / unit * factor + offset</c>
/// (days_since, rfm.recency and arithmetic on them with constants). Knowing the shape lets a comparison with a constant
/// compute the exact millisecond it flips, instead of waking every day.
/// </summary>
internal sealed record LinearInTime(Func<EvaluationContext, long> Anchor, double UnitMs, double Factor, double Offset)
{
    public LinearInTime Scale(double by) => this with { Factor = Factor * by, Offset = Offset * by };

    public LinearInTime Shift(double by) => this with { Offset = Offset + by };

    /// <summary>
    /// The first instant after <paramref name="now"/> at which comparing this value with <paramref name="threshold"/>
    /// can give another answer, or <see cref="long.MaxValue"/> if never (no anchor, or the crossing is past).
    /// </summary>
    public long NextCrossing(EvaluationContext context, double threshold, TokenKind comparison)
    {
        var anchor = Anchor(context);
        if (anchor == long.MinValue || Factor == 0 || double.IsNaN(threshold) || double.IsInfinity(threshold))
        {
            return long.MaxValue;
        }

        // value(t) == threshold  <=>  t = anchor + (threshold - offset) / factor * unit
        var crossing = anchor + ((threshold - Offset) / Factor * UnitMs);
        var atOrAfter = (long)Math.Ceiling(crossing);
        var justAfter = (long)Math.Floor(crossing) + 1;
        var now = context.Now;

        // Rising through a threshold, ">" and "<=" flip just after it, ">=" and "<" on it; falling, the reverse.
        // "==" and "!=" flip on it and just after it.
        var flipsAfter = comparison is TokenKind.Greater or TokenKind.LessOrEqual;
        var flipsOn = comparison is TokenKind.GreaterOrEqual or TokenKind.Less;
        if (Factor < 0)
        {
            (flipsAfter, flipsOn) = (flipsOn, flipsAfter);
        }

        var candidate = flipsAfter ? justAfter : flipsOn ? atOrAfter : (atOrAfter > now ? atOrAfter : justAfter);
        return candidate > now ? candidate : long.MaxValue;
    }

    /// <summary>Fallback when the value is used in a way that cannot be solved: the next whole unit of the value.</summary>
    public long NextWholeUnit(EvaluationContext context)
    {
        var anchor = Anchor(context);
        if (anchor == long.MinValue || Factor == 0)
        {
            return long.MaxValue;
        }

        var step = UnitMs / Math.Abs(Factor);
        var elapsed = context.Now - anchor;
        return anchor + (long)((Math.Floor(elapsed / step) + 1) * step);
    }
}
