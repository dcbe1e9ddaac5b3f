using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Google.Protobuf;

namespace Realtime.Grpc.Protocol;

/// <summary>
/// Reads length-prefixed messages from a pipe. DATA-frame boundaries do not matter: the prefix and payload may arrive in
/// any split. The declared length is checked against the limit from the prefix, before the payload is buffered.
/// </summary>
internal static class MessageReader
{
    /// <summary>
    /// The next message and whether it arrived compressed; a null message at a clean end of stream (end of data exactly on
    /// a message boundary).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(T? Message, bool Compressed)> ReadAsync<T>(
        PipeReader reader, MessageParser<T> parser, string? encoding, int? maxSize, CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (TryRead(ref buffer, parser, encoding, maxSize, out var message, out var compressed))
            {
                reader.AdvanceTo(buffer.Start);
                return (message, compressed);
            }

            if (result.IsCompleted)
            {
                var incomplete = buffer.Length != 0;
                reader.AdvanceTo(buffer.End);
                if (incomplete)
                {
                    ThrowHelper.ThrowRpc(StatusCode.Internal, "Incomplete message: the stream ended inside a message.");
                }

                return (null, false);
            }

            if (result.IsCanceled)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryRead<T>(ref ReadOnlySequence<byte> buffer, MessageParser<T> parser, string? encoding, int? maxSize, out T? message, out bool compressed)
        where T : class, IMessage<T>
    {
        message = null;
        compressed = false;
        if (buffer.Length < GrpcProtocol.PrefixLength)
        {
            return false;
        }

        Span<byte> prefix = stackalloc byte[GrpcProtocol.PrefixLength];
        buffer.Slice(0, GrpcProtocol.PrefixLength).CopyTo(prefix);
        compressed = prefix[0] switch
        {
            0 => false,
            1 => true,
            _ => ThrowHelper.ThrowRpc<bool>(StatusCode.Internal, $"Invalid compressed flag {prefix[0]}: it must be 0 or 1."),
        };
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
        if (length > int.MaxValue || (maxSize is { } max && length > (uint)max))
        {
            ThrowHelper.ThrowMessageTooLarge();
        }

        if (buffer.Length < GrpcProtocol.PrefixLength + length)
        {
            return false;
        }

        var payload = buffer.Slice(GrpcProtocol.PrefixLength, length);
        if (compressed)
        {
            if (encoding is null)
            {
                ThrowHelper.ThrowRpc(StatusCode.Internal, "The message is compressed (flag 1) but grpc-encoding is absent or identity.");
            }

            message = GzipCodec.DecompressAndParse(payload, parser, maxSize);
        }
        else
        {
            message = Parse(parser, payload);
        }

        buffer = buffer.Slice(payload.End);
        return true;
    }

    private static T Parse<T>(MessageParser<T> parser, ReadOnlySequence<byte> payload)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException)
        {
            return ThrowHelper.ThrowRpc<T>(StatusCode.Internal, $"Failed to deserialize the message as {typeof(T).Name}.");
        }
    }
}
