namespace Realtime.Customers.Value;

/// <summary>
/// How value is measured (ruleset section <c>value:</c>). RFM scores use fixed breakpoints rather than live
/// population quintiles so a customer's score never moves because other customers bought something; set them from the
/// population's quintiles (the preview shows the distribution) when tuning.
/// </summary>
public sealed record ValueSettings
{
    public const double DayMs = 86_400_000;

    public long RfmWindowMs { get; init; } = (long)(365 * DayMs);

    /// <summary>Ascending days: recency at or under the first earns 5, under the second 4, ..., past the last 1.</summary>
    public double[] RecencyDays { get; init; } = [30, 90, 180, 365];

    /// <summary>Ascending purchase counts: reaching each earns one more point over 1.</summary>
    public double[] Frequency { get; init; } = [2, 3, 5, 8];

    public double[] Monetary { get; init; } = [100, 300, 800, 2000];

    public double LifetimeYears { get; init; } = 3;

    public double Margin { get; init; } = 1;
}
