using Realtime.Customers.State;

namespace Realtime.Customers.Value;

/// <summary>
/// Recency, frequency, monetary value, average basket and customer lifetime value.
/// <para>
/// Formulas (reproduced in the README):
/// <list type="bullet">
/// <item>recency = days since the last purchase (fractional; -1 in views when there was none);</item>
/// <item>frequency = purchases in the RFM window (default 365 days); monetary = their total amount;</item>
/// <item>average basket = all-time amount / all-time purchases;</item>
/// <item>CLTV = average basket × annual frequency × margin × expected lifetime in years, where annual frequency =
/// frequency × 365 days / RFM window. With the defaults (365-day window, margin 1, 3 years) a customer who bought 4
/// times 50 in the last year is worth 50 × 4 × 1 × 3 = 600.</item>
/// </list>
/// </para>
/// </summary>
public static class CustomerValue
{
    public static double RecencyDays(CustomerState state, long now)
    {
        var last = state.TypeLast[state.Ruleset.Types.PurchaseIndex];
        return last == CustomerState.Empty ? double.PositiveInfinity : (now - last) / ValueSettings.DayMs;
    }

    public static int Frequency(CustomerState state, long now) =>
        EventHistory.Count(state, state.Ruleset.Types.PurchaseIndex, now, state.Ruleset.Value.RfmWindowMs);

    public static double Monetary(CustomerState state, long now) =>
        EventHistory.SumAmount(state, now, state.Ruleset.Value.RfmWindowMs);

    public static double AverageBasket(CustomerState state)
    {
        var purchases = state.TypeTotals[state.Ruleset.Types.PurchaseIndex];
        return purchases == 0 ? 0 : state.PurchaseTotal / purchases;
    }

    public static double Cltv(CustomerState state, long now)
    {
        var settings = state.Ruleset.Value;
        var annualFrequency = Frequency(state, now) * (365 * ValueSettings.DayMs / settings.RfmWindowMs);
        return AverageBasket(state) * annualFrequency * settings.Margin * settings.LifetimeYears;
    }

    public static int RecencyScore(CustomerState state, long now)
    {
        var recency = RecencyDays(state, now);
        if (double.IsPositiveInfinity(recency))
        {
            return 0;
        }

        var breakpoints = state.Ruleset.Value.RecencyDays;
        for (var i = 0; i < breakpoints.Length; i++)
        {
            if (recency <= breakpoints[i])
            {
                return 5 - i;
            }
        }

        return 1;
    }

    public static int FrequencyScore(CustomerState state, long now) =>
        UpScore(Frequency(state, now), state.Ruleset.Value.Frequency, state.TypeTotals[state.Ruleset.Types.PurchaseIndex] > 0);

    public static int MonetaryScore(CustomerState state, long now) =>
        UpScore(Monetary(state, now), state.Ruleset.Value.Monetary, state.TypeTotals[state.Ruleset.Types.PurchaseIndex] > 0);

    /// <summary>When the recency score next drops: just after the last purchase passes the next breakpoint.</summary>
    public static long NextRecencyScoreChange(CustomerState state, long now)
    {
        var last = state.TypeLast[state.Ruleset.Types.PurchaseIndex];
        if (last == CustomerState.Empty)
        {
            return long.MaxValue;
        }

        foreach (var days in state.Ruleset.Value.RecencyDays)
        {
            var at = last + (long)(days * ValueSettings.DayMs) + 1;
            if (at > now)
            {
                return at;
            }
        }

        return long.MaxValue;
    }

    public static long NextWindowChange(CustomerState state, long now) =>
        EventHistory.NextCountChange(state, state.Ruleset.Types.PurchaseIndex, now, state.Ruleset.Value.RfmWindowMs);

    private static int UpScore(double value, double[] breakpoints, bool known)
    {
        if (!known)
        {
            return 0;
        }

        var score = 1;
        foreach (var breakpoint in breakpoints)
        {
            if (value >= breakpoint)
            {
                score++;
            }
        }

        return score;
    }
}
