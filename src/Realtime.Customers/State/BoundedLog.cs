namespace Realtime.Customers.State;

/// <summary>
/// A fixed-capacity log that keeps the most recent entries (a ring). A struct held in a field of the state, so a log
/// costs its array and no object of its own (memory per customer is the constraint); mutate it through the field.
/// </summary>
public struct BoundedLog<T>
    where T : struct
{
    private T[] _items;
    private int _next;

    public BoundedLog(int capacity) => _items = new T[Math.Max(1, capacity)];

    public int Count { get; private set; }

    public readonly int Capacity => _items.Length;

    public void Add(in T item)
    {
        _items[_next] = item;
        _next = (_next + 1) % _items.Length;
        if (Count < _items.Length)
        {
            Count++;
        }
    }

    /// <summary>The most recent entry; only valid when <see cref="Count"/> is positive.</summary>
    public readonly ref T Last => ref _items[(_next - 1 + _items.Length) % _items.Length];

    /// <summary>Entry <paramref name="index"/> counting from the oldest kept.</summary>
    public readonly T this[int index] => _items[(_next - Count + index + 2 * _items.Length) % _items.Length];

    public void Clear()
    {
        Array.Clear(_items);
        _next = 0;
        Count = 0;
    }

    internal void CopyFrom(in BoundedLog<T> other)
    {
        if (_items.Length != other._items.Length)
        {
            _items = new T[other._items.Length];
        }

        Array.Copy(other._items, _items, _items.Length);
        _next = other._next;
        Count = other.Count;
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
