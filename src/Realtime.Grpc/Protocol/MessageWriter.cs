using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using Google.Protobuf;

namespace Realtime.Grpc.Protocol;

/// <summary>
/// Writes one length-prefixed message into a buffer writer (the response body pipe or a request stream): the 5-byte
/// prefix, then the message serialized in place. Uncompressed writes allocate nothing.
/// </summary>
internal static class MessageWriter
{
    public static void Write<T>(IBufferWriter<byte> output, T message, CompressionLevel? compression, int? maxSize)
        where T : IMessage<T>
    {
        var size = message.CalculateSize();
        if (maxSize is { } max && size > max)
        {
            ThrowHelper.ThrowRpc(StatusCode.ResourceExhausted, "Sending message exceeds the maximum configured message size.");
        }

        if (compression is { } level)
        {
            GzipCodec.CompressAndWrite(output, message, size, level);
            return;
        }

        WritePrefix(output, compressed: false, size);
        message.WriteTo(output);
    }

    public static void WritePrefix(IBufferWriter<byte> output, bool compressed, int length)
    {
        var prefix = output.GetSpan(GrpcProtocol.PrefixLength);
        prefix[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(prefix[1..], (uint)length);
        output.Advance(GrpcProtocol.PrefixLength);
    }
}
