namespace Realtime.Customers.Rules;

/// <summary>
/// The event types a ruleset reads, each with an index (its read bit) and the number of recent timestamps to keep.
/// A type that only needs "when last" and "how many ever" keeps no timestamps at all; a windowed count keeps enough for
/// the thresholds it is compared with. Counts past the capacity saturate (documented in the ruleset reference).
/// </summary>
public sealed class EventTypeTable
{
    /// <summary>Every event except traits counts as contact of type "any".</summary>
    public const string Any = "any";
    public const string Purchase = "purchase";
    public const int MaxCapacity = 64;

    private readonly Dictionary<string, int> _indexes = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];
    private readonly List<int> _capacities = [];
    private int[] _offsets = [];

    internal EventTypeTable()
    {
        Register(Any);
        Register(Purchase);
    }

    public int Count => _names.Count;

    public int AnyIndex => 0;

    public int PurchaseIndex => 1;

    /// <summary>Total number of timestamp slots per customer across all types.</summary>
    public int RingLength { get; private set; }

    public string NameOf(int index) => _names[index];

    public int CapacityOf(int index) => _capacities[index];

    public int OffsetOf(int index) => _offsets[index];

    /// <summary>The index of a tracked type, or -1 when no rule reads it (the event is still counted in "any").</summary>
    public int IndexOf(string type) => _indexes.TryGetValue(type, out var index) ? index : -1;

    internal int Register(string type)
    {
        if (!_indexes.TryGetValue(type, out var index))
        {
            index = _names.Count;
            _indexes.Add(type, index);
            _names.Add(type);
            _capacities.Add(0);
        }

        return index;
    }

    internal void RequireCapacity(int index, int capacity) =>
        _capacities[index] = Math.Clamp(Math.Max(_capacities[index], capacity), 0, MaxCapacity);

    internal void Seal()
    {
        _offsets = new int[_names.Count];
        var offset = 0;
        for (var i = 0; i < _names.Count; i++)
        {
            _offsets[i] = offset;
            offset += _capacities[i];
        }

        RingLength = offset;
    }
}
