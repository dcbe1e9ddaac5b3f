using Google.Protobuf;

namespace Realtime.Grpc.Server;

/// <summary>Writes response messages of a streaming call, flushing each one (ping-pong needs every reply on the wire).</summary>
internal sealed class ResponseStreamWriter<T>(ServerCallContext context) : IServerStreamWriter<T>
    where T : IMessage<T>
{
    public WriteOptions? WriteOptions { get; set; }

    public ValueTask WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return context.WriteMessageAsync(message, WriteOptions, flush: true, cancellationToken);
    }
}
