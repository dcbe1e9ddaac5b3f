using Realtime.Contracts.V1;

namespace Realtime.Customers.Aggregates;

/// <summary>
/// One segment's running statistics. Scores are summed in integer cents (and squares of cents in 128 bits), so
/// removing a customer subtracts exactly what adding them added: the mean and standard deviation never drift.
/// </summary>
internal sealed class SegmentCounters
{
    private const int Stages = 6;
    private long[] _matrix = new long[4 * Stages];

    public long Size { get; private set; }

    public long SumCents { get; private set; }

    public Int128 SumSquares { get; private set; }

    public RecentCounter Entered { get; } = new();

    public RecentCounter Left { get; } = new();

    public void Add(long cents, int gradeSlot, LifecycleStage stage, long sign)
    {
        Size += sign;
        SumCents += sign * cents;
        SumSquares += sign * ((Int128)cents * cents);
        var cell = (gradeSlot * Stages) + (int)stage;
        if (cell >= _matrix.Length)
        {
            Array.Resize(ref _matrix, Math.Max(cell + 1, _matrix.Length * 2));
        }

        _matrix[cell] += sign;
    }

    public double Mean => Size == 0 ? 0 : SumCents / 100.0 / Size;

    /// <summary>Population standard deviation: sqrt(n·Σx² − (Σx)²) / n, computed exactly in integers before the root.</summary>
    public double StdDev
    {
        get
        {
            if (Size == 0)
            {
                return 0;
            }

            var numerator = (Size * SumSquares) - ((Int128)SumCents * SumCents);
            return Math.Sqrt((double)numerator) / Size / 100.0;
        }
    }

    public long Cell(int gradeSlot, LifecycleStage stage)
    {
        var cell = (gradeSlot * Stages) + (int)stage;
        return cell < _matrix.Length ? _matrix[cell] : 0;
    }
}
