using System.Buffers;
using System.IO.Compression;
using Google.Protobuf;

namespace Realtime.Grpc.Protocol;

/// <summary>
/// Per-message gzip (RFC 1952), a fresh context per message. Decompression is bounded by the receive limit, so a small
/// compressed message cannot expand past it.
/// </summary>
internal static class GzipCodec
{
    public static T DecompressAndParse<T>(ReadOnlySequence<byte> payload, MessageParser<T> parser, int? maxSize)
        where T : IMessage<T>
    {
        var limit = maxSize ?? int.MaxValue;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(payload.Length * 4, 256), Math.Min((long)limit + 1, 1 << 20)));
        var length = 0;
        try
        {
            using (var gzip = new GZipStream(new SequenceReadStream(payload), CompressionMode.Decompress))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > limit)
                        {
                            break;
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, (long)limit + 1));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = gzip.Read(buffer, length, buffer.Length - length);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            if (length > limit)
            {
                ThrowHelper.ThrowMessageTooLarge();
            }

            return parser.ParseFrom(buffer.AsSpan(0, length));
        }
        catch (InvalidDataException)
        {
            return ThrowHelper.ThrowRpc<T>(StatusCode.Internal, "Failed to decompress the message with gzip.");
        }
        catch (InvalidProtocolBufferException)
        {
            return ThrowHelper.ThrowRpc<T>(StatusCode.Internal, $"Failed to deserialize the message as {typeof(T).Name}.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static void CompressAndWrite<T>(IBufferWriter<byte> output, T message, int size, CompressionLevel level)
        where T : IMessage<T>
    {
        var plain = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            message.WriteTo(plain.AsSpan(0, size));
            using var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, level, leaveOpen: true))
            {
                gzip.Write(plain, 0, size);
            }

            var length = (int)compressed.Length;
            MessageWriter.WritePrefix(output, compressed: true, length);
            output.Write(compressed.GetBuffer().AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
        }
    }
}
