namespace Realtime.Pressure;

/// <summary>
/// Most contacts allowed in each rolling window: the last 24 hours, the last 7 days, the last 30 days.
/// A null cap means no limit over that window; a cap is at least 1.
/// </summary>
public sealed record WindowCaps(int? Day = null, int? Week = null, int? Month = null)
{
    public static readonly TimeSpan DayWindow = TimeSpan.FromDays(1);
    public static readonly TimeSpan WeekWindow = TimeSpan.FromDays(7);
    public static readonly TimeSpan MonthWindow = TimeSpan.FromDays(30);

    public static readonly WindowCaps None = new();

    /// <summary>How many past contacts must be remembered to judge every window exactly.</summary>
    public int MaxCount => Math.Max(Day ?? 0, Math.Max(Week ?? 0, Month ?? 0));

    public bool IsEmpty => MaxCount == 0;
}
