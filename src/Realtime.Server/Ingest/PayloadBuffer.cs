using Google.Protobuf;

namespace Realtime.Server.Ingest;

/// <summary>
/// The stored bytes of one batch's events, written into a few shared chunks instead of an array per event: at full
/// ingest the per-event arrays were a large share of what the collector had to sweep. A chunk stays below the large
/// object heap's threshold, and lives as long as the batch's append.
/// </summary>
internal sealed class PayloadBuffer
{
    private const int ChunkSize = 64 * 1024;

    private byte[] _chunk = [];
    private int _used;

    /// <summary>Writes <paramref name="message"/>'s protobuf encoding and returns where it is.</summary>
    public ReadOnlyMemory<byte> Write(IMessage message)
    {
        var size = message.CalculateSize();
        if (_chunk.Length - _used < size)
        {
            _chunk = new byte[Math.Max(ChunkSize, size)];
            _used = 0;
        }

        var slice = _chunk.AsMemory(_used, size);
        message.WriteTo(slice.Span);
        _used += size;
        return slice;
    }
}
