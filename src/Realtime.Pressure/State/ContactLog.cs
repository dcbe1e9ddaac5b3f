namespace Realtime.Pressure;

/// <summary>
/// The instants (UTC ticks) of the most recent contacts, oldest first, in a ring bounded by the largest cap that reads
/// it: to judge "at most N in a window" exactly only the last N contacts matter. The ring starts small and grows to
/// its bound, since most customers are contacted far less than the caps allow.
/// </summary>
internal sealed class ContactLog
{
    private const int InitialSize = 4;

    private long[] _ticks;
    private int _start;

    public ContactLog(int capacity)
    {
        Capacity = Math.Max(1, capacity);
        _ticks = new long[Math.Min(Capacity, InitialSize)];
    }

    public int Count { get; private set; }

    /// <summary>The most contacts remembered.</summary>
    public int Capacity { get; }

    /// <summary>The i-th remembered contact, 0 being the oldest.</summary>
    public long this[int index] => _ticks[(_start + index) % _ticks.Length];

    /// <summary>Remembers a contact, forgetting the oldest when full; keeps the order even if instants arrive late.</summary>
    public void Add(long ticks)
    {
        if (Count == _ticks.Length)
        {
            if (_ticks.Length < Capacity)
            {
                Grow();
            }
            else if (ticks < this[0])
            {
                return;
            }
            else
            {
                _start = (_start + 1) % _ticks.Length;
                Count--;
            }
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

    /// <summary>A log with another bound, keeping the most recent contacts.</summary>
    public ContactLog Resized(int capacity)
    {
        var log = new ContactLog(capacity);
        for (var i = Math.Max(0, Count - log.Capacity); i < Count; i++)
        {
            log.Add(this[i]);
        }

        return log;
    }

    private void Grow()
    {
        var grown = new long[Math.Min(Capacity, _ticks.Length * 2)];
        for (var i = 0; i < Count; i++)
        {
            grown[i] = this[i];
        }

        _ticks = grown;
        _start = 0;
    }
}
