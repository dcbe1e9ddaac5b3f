namespace Realtime.Pressure;

/// <summary>
/// The instants (UTC ticks) of the most recent contacts, oldest first, in a ring sized by the largest cap that reads
/// it: to judge "at most N in a window" exactly only the last N contacts matter.
/// </summary>
internal sealed class ContactLog
{
    private readonly long[] _ticks;
    private int _start;

    public ContactLog(int capacity)
    {
        _ticks = new long[Math.Max(1, capacity)];
    }

    public int Count { get; private set; }

    public int Capacity => _ticks.Length;

    /// <summary>The i-th remembered contact, 0 being the oldest.</summary>
    public long this[int index] => _ticks[(_start + index) % _ticks.Length];

    /// <summary>Remembers a contact, forgetting the oldest when full; keeps the order even if instants arrive late.</summary>
    public void Add(long ticks)
    {
        if (Count == _ticks.Length)
        {
            if (ticks < this[0])
            {
                return;
            }

            _start = (_start + 1) % _ticks.Length;
            Count--;
        }

        var i = Count;
        while (i > 0 && this[i - 1] > ticks)
        {
            _ticks[(_start + i) % _ticks.Length] = this[i - 1];
            i--;
        }

        _ticks[(_start + i) % _ticks.Length] = ticks;
        Count++;
    }

    /// <summary>How many remembered contacts are later than <paramref name="afterTicks"/>.</summary>
    public int CountAfter(long afterTicks)
    {
        var n = 0;
        for (var i = Count - 1; i >= 0 && this[i] > afterTicks; i--)
        {
            n++;
        }

        return n;
    }

    /// <summary>A log with another capacity, keeping the most recent contacts.</summary>
    public ContactLog Resized(int capacity)
    {
        var log = new ContactLog(capacity);
        for (var i = Math.Max(0, Count - log.Capacity); i < Count; i++)
        {
            log.Add(this[i]);
        }

        return log;
    }
}
