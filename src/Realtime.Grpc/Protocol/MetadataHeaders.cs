using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Realtime.Grpc.Protocol;

/// <summary>Converts between HTTP headers and metadata: <c>-bin</c> values are base64, comma-joined values are split.</summary>
internal static class MetadataHeaders
{
    public static Metadata FromRequest(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var (name, values) in headers)
        {
            if (!GrpcProtocol.IsProtocolHeader(name))
            {
                AddHeader(metadata, name, values);
            }
        }

        return metadata;
    }

    /// <summary>Adds one header's values; an undecodable binary value or an invalid key is dropped rather than failing the call.</summary>
    public static void AddHeader(Metadata metadata, string name, StringValues values)
    {
        var key = name.ToLowerInvariant();
        foreach (var value in values)
        {
            if (value is null)
            {
                continue;
            }

            try
            {
                if (Metadata.IsBinaryKey(key))
                {
                    foreach (var part in value.Split(','))
                    {
                        if (BinaryHeader.TryDecode(part, out var bytes))
                        {
                            metadata.Add(key, bytes);
                        }
                    }
                }
                else
                {
                    metadata.Add(key, value.Trim());
                }
            }
            catch (ArgumentException)
            {
                // A key outside the metadata alphabet: not application metadata, so not the call's concern.
            }
        }
    }

    public static void Append(IHeaderDictionary headers, Metadata metadata)
    {
        foreach (var entry in metadata)
        {
            var value = entry.IsBinary ? BinaryHeader.Encode(entry.ValueBytes) : entry.Value;
            headers.Append(entry.Key, value);
        }
    }
}
