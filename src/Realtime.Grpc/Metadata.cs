using System.Collections;

namespace Realtime.Grpc;

/// <summary>
/// gRPC metadata: an ordered list of key/value entries. Keys are lower case; keys ending in <c>-bin</c> carry bytes
/// (base64 on the wire), all others carry printable ASCII text.
/// </summary>
public sealed class Metadata : IEnumerable<MetadataEntry>
{
    public const string BinarySuffix = "-bin";

    private readonly List<MetadataEntry> _entries = [];

    public int Count => _entries.Count;

    public MetadataEntry this[int index] => _entries[index];

    public Metadata Add(string key, string value)
    {
        _entries.Add(new MetadataEntry(key, value));
        return this;
    }

    public Metadata Add(string key, byte[] value)
    {
        _entries.Add(new MetadataEntry(key, value));
        return this;
    }

    public Metadata Add(MetadataEntry entry)
    {
        _entries.Add(entry);
        return this;
    }

    /// <summary>The last entry with this key, or null.</summary>
    public MetadataEntry? Get(string key)
    {
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return _entries[i];
            }
        }

        return null;
    }

    public string? GetValue(string key) => Get(key)?.Value;

    public byte[]? GetValueBytes(string key) => Get(key)?.ValueBytes;

    public IEnumerable<MetadataEntry> GetAll(string key) =>
        _entries.Where(e => string.Equals(e.Key, key, StringComparison.OrdinalIgnoreCase));

    public bool Remove(MetadataEntry entry) => _entries.Remove(entry);

    public IEnumerator<MetadataEntry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal static bool IsBinaryKey(string key) => key.EndsWith(BinarySuffix, StringComparison.OrdinalIgnoreCase);
}
