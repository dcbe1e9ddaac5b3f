namespace Realtime.LoadGen.Drivers;

/// <summary>
/// Customers whose traits (email, phone) the server has acknowledged: the only ones lookups and pressure requests
/// ask for. A bounded ring (the most recent 1M); thread-safe.
/// </summary>
public sealed class KnownCustomers(int capacity = 1 << 20)
{
    private readonly int[] _ring = new int[capacity];
    private readonly Lock _lock = new();
    private long _added;

    public long Count
    {
        get
        {
            lock (_lock)
            {
                return Math.Min(_added, _ring.Length);
            }
        }
    }

    public void Add(IReadOnlyList<int> customers)
    {
        lock (_lock)
        {
            foreach (var customer in customers)
            {
                _ring[_added++ % _ring.Length] = customer;
            }
        }
    }

    /// <summary>A random known customer, or null while none is.</summary>
    public int? Sample(Random random)
    {
        lock (_lock)
        {
            var count = (int)Math.Min(_added, _ring.Length);
            return count == 0 ? null : _ring[random.Next(count)];
        }
    }
}
