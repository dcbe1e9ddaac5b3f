namespace Realtime.Grpc;

/// <summary>Reads a stream of messages: <see cref="MoveNext"/> until it returns false, reading <see cref="Current"/> after each true.</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    /// <summary>Advances to the next message; false at the end of the stream. Throws <see cref="RpcException"/> on a protocol error.</summary>
    Task<bool> MoveNext(CancellationToken cancellationToken = default);
}
