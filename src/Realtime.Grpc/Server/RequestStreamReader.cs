using System.Runtime.CompilerServices;
using Google.Protobuf;
using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Server;

/// <summary>Reads request messages from the HTTP/2 request body.</summary>
internal sealed class RequestStreamReader<T>(ServerCallContext context, MessageParser<T> parser) : IAsyncStreamReader<T>
    where T : class, IMessage<T>
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("Call MoveNext and check it returned true before reading Current.");

    /// <summary>
    /// The next request message. A message already in the body pipe completes synchronously; waiting for one (the usual
    /// case on a long-lived stream) uses pooled state machines, so neither path allocates beyond the message.
    /// </summary>
    public ValueTask<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        var read = MessageReader.ReadAsync(context.RequestBody, parser, context.RequestEncoding, context.MaxReceiveMessageSize,
            cancellationToken.CanBeCanceled ? cancellationToken : context.CancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            var (message, compressed) = read.Result;
            return new ValueTask<bool>(Complete(message, compressed));
        }

        return Await(read);
    }

    /// <summary>Reads the single request of a unary or server-streaming call, and checks that nothing follows it.</summary>
    public async ValueTask<T> ReadSingleAsync()
    {
        if (!await MoveNext())
        {
            ThrowHelper.ThrowRpc(StatusCode.Internal, "The request has no message; this method takes exactly one.");
        }

        var request = Current;
        if (await MoveNext())
        {
            ThrowHelper.ThrowRpc(StatusCode.Internal, "The request has more than one message; this method takes exactly one.");
        }

        return request;
    }

    private bool Complete(T? message, bool compressed)
    {
        if (message is null)
        {
            context.RequestBodyCompleted = true;
            return false;
        }

        _current = message;
        context.RequestMessageCompressed = compressed;
        return true;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> Await(ValueTask<(T? Message, bool Compressed)> read)
    {
        try
        {
            var (message, compressed) = await read;
            return Complete(message, compressed);
        }
        catch (IOException exception)
        {
            throw new ClientResetException(exception);
        }
    }
}
