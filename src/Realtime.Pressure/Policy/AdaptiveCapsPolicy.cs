namespace Realtime.Pressure;

/// <summary>
/// Channel caps that follow engagement. Every <see cref="IgnoresPerStep"/> ignored messages in a row on a channel
/// step its caps down by <see cref="Factor"/>, never below <see cref="Floor"/> of the normal cap (and never below 1);
/// each open or click steps back up once. Opens and clicks alone keep the normal cap.
/// </summary>
public sealed class AdaptiveCapsPolicy
{
    /// <summary>Levels below normal that are remembered; deeper steps are clamped by the floor anyway.</summary>
    public const int MaxLevel = 8;

    /// <summary>Whether caps adapt at all. <value>Default: true.</value></summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Ignores in a row per step down. <value>Default: 2.</value></summary>
    public int IgnoresPerStep { get; init; } = 2;

    /// <summary>Multiplier per step, in (0, 1). <value>Default: 0.5 (each step halves the cap).</value></summary>
    public double Factor { get; init; } = 0.5;

    /// <summary>Lowest fraction of the normal cap, in (0, 1]. <value>Default: 0.25.</value></summary>
    public double Floor { get; init; } = 0.25;

    /// <summary>The cap at an engagement level (0 = normal): floor(cap × factor^level), at least ceil(cap × floor) and 1.</summary>
    public int Scale(int cap, int level)
    {
        if (level <= 0 || !Enabled)
        {
            return cap;
        }

        var scaled = (int)Math.Floor(cap * Math.Pow(Factor, level));
        var floor = Math.Max(1, (int)Math.Ceiling(cap * Floor));
        return Math.Max(scaled, floor);
    }
}
