using Google.Protobuf;

namespace Realtime.Server.Ingest;

/// <summary>
/// The stored bytes of one batch's events, written into a few shared chunks instead of an array per event: at full
/// ingest the per-event arrays were a large share of what the collector had to sweep. The first chunk is sized from
/// the caller's estimate of the whole batch, so a batch usually takes one chunk with little left over; a chunk stays
/// below the large object heap's threshold, and lives as long as the batch's append.
/// </summary>
internal sealed class PayloadBuffer(int expectedBytes)
{
    private const int MinChunkSize = 1024;
    private const int MaxChunkSize = 64 * 1024;

    // When the estimate falls short: chunks of this size, a quarter of the largest.
    private const int OverflowChunkSize = MaxChunkSize / 4;

    private byte[] _chunk = [];
    private int _used;
    private int _nextChunkSize = Math.Clamp(expectedBytes, MinChunkSize, MaxChunkSize);

    /// <summary>Bytes written so far.</summary>
    public int Written { get; private set; }

    /// <summary>Writes <paramref name="message"/>'s protobuf encoding and returns where it is.</summary>
    public ReadOnlyMemory<byte> Write(IMessage message)
    {
        var size = message.CalculateSize();
        if (_chunk.Length - _used < size)
        {
            _chunk = new byte[Math.Max(_nextChunkSize, size)];
            _used = 0;
            _nextChunkSize = OverflowChunkSize;
        }

        var slice = _chunk.AsMemory(_used, size);
        message.WriteTo(slice.Span);
        _used += size;
        Written += size;
        return slice;
    }
}
