namespace Realtime.Grpc;

/// <summary>One metadata entry: a text value, or bytes when the key ends in <c>-bin</c>.</summary>
public sealed class MetadataEntry
{
    private readonly string? _value;
    private readonly byte[]? _valueBytes;

    public MetadataEntry(string key, string value)
    {
        Key = ValidateKey(key);
        if (Metadata.IsBinaryKey(Key))
        {
            throw new ArgumentException($"Metadata key '{key}' ends in '-bin' and needs a byte[] value.", nameof(key));
        }

        _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    public MetadataEntry(string key, byte[] value)
    {
        Key = ValidateKey(key);
        if (!Metadata.IsBinaryKey(Key))
        {
            throw new ArgumentException($"Metadata key '{key}' carries bytes, so it must end in '-bin'.", nameof(key));
        }

        _valueBytes = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string Key { get; }

    public bool IsBinary => _valueBytes is not null;

    /// <summary>The text value; for a binary entry, its unpadded base64 form.</summary>
    public string Value => _value ?? Convert.ToBase64String(_valueBytes!).TrimEnd('=');

    /// <summary>The bytes of a binary entry; for a text entry, its ASCII bytes.</summary>
    public byte[] ValueBytes => _valueBytes ?? System.Text.Encoding.ASCII.GetBytes(_value!);

    public override string ToString() => $"{Key}={Value}";

    private static string ValidateKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var lower = key.ToLowerInvariant();
        foreach (var c in lower)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' has a character outside [0-9a-z-_.].", nameof(key));
            }
        }

        if (lower.StartsWith("grpc-", StringComparison.Ordinal) && lower != "grpc-status-details-bin")
        {
            throw new ArgumentException($"Metadata key '{key}' is reserved: 'grpc-' keys belong to the protocol.", nameof(key));
        }

        return lower;
    }
}
