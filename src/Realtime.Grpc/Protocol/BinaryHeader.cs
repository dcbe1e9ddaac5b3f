namespace Realtime.Grpc.Protocol;

/// <summary>Base64 for <c>-bin</c> metadata: accepts padded and unpadded input, emits unpadded.</summary>
internal static class BinaryHeader
{
    public static string Encode(byte[] value) => Convert.ToBase64String(value).TrimEnd('=');

    public static bool TryDecode(string value, out byte[] bytes)
    {
        var trimmed = value.Trim();
        var padding = (4 - (trimmed.Length % 4)) % 4;
        if (padding == 3)
        {
            bytes = [];
            return false;
        }

        var padded = padding == 0 ? trimmed : string.Concat(trimmed, new string('=', padding));
        bytes = new byte[padded.Length / 4 * 3];
        if (Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = written == bytes.Length ? bytes : bytes[..written];
            return true;
        }

        return false;
    }
}
