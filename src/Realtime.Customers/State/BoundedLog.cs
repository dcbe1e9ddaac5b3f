namespace Realtime.Customers.State;

/// <summary>
/// A fixed-capacity log that keeps the most recent entries (a ring). A struct held in a field of the state, so a log
/// costs its array and no object of its own (memory per customer is the constraint); mutate it through the field.
/// The array grows with the entries (none, 1, 2, 4 … up to the capacity): most customers of a large base move stage
/// once or never, and pay for what they hold. Entries wrap around only once the array is at full capacity, so below
/// it they sit in order from index 0.
/// </summary>
public struct BoundedLog<T>
    where T : struct
{
    private T[]? _items;
    private int _next;

    public BoundedLog(int capacity) => Capacity = Math.Max(1, capacity);

    public int Count { get; private set; }

    public int Capacity { get; private set; }

    public void Add(in T item)
    {
        if (_items is null || (Count == _items.Length && Count < Capacity))
        {
            Array.Resize(ref _items, Math.Min(Math.Max(1, 2 * Count), Capacity));
            _next = Count;
        }

        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
        if (Count < Capacity)
        {
            Count++;
        }
    }

    /// <summary>The most recent entry; only valid when <see cref="Count"/> is positive.</summary>
    public readonly ref T Last => ref _items![(_next - 1 + _items.Length) % _items.Length];

    /// <summary>Entry <paramref name="index"/> counting from the oldest kept.</summary>
    public readonly T this[int index] => _items![(_next - Count + index + (2 * _items.Length)) % _items.Length];

    public void Clear()
    {
        if (_items is not null)
        {
            Array.Clear(_items);
        }

        _next = 0;
        Count = 0;
    }

    // The turn's undo copy (every turn): an array of the same length is copied as it is; otherwise the entries are
    // copied oldest first into this log's own array when it is long enough, so the reused copy stops allocating once
    // it has held the longest log it copies.
    internal void CopyFrom(in BoundedLog<T> other)
    {
        Capacity = other.Capacity;
        Count = other.Count;
        if (other._items is null || other.Count == 0)
        {
            _next = 0;
            return;
        }

        if (_items?.Length == other._items.Length)
        {
            Array.Copy(other._items, _items, _items.Length);
            _next = other._next;
            return;
        }

        if (_items is null || _items.Length < other.Count || _items.Length > Capacity)
        {
            _items = new T[other._items.Length];
        }

        for (var i = 0; i < Count; i++)
        {
            _items[i] = other[i];
        }

        _next = Count % _items.Length;
    }

    /// <summary>Copies the entries, oldest first, into a new log of another capacity (ruleset limits changed).</summary>
    internal readonly BoundedLog<T> Resized(int capacity)
    {
        var log = new BoundedLog<T>(capacity);
        for (var i = Math.Max(0, Count - log.Capacity); i < Count; i++)
        {
            log.Add(this[i]);
        }

        return log;
    }
}
