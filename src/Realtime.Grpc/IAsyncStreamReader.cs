namespace Realtime.Grpc;

/// <summary>
/// Reads a stream of messages: <see cref="MoveNext"/> until it returns false, reading <see cref="Current"/> after each true.
/// <see cref="MoveNext"/> returns a <see cref="ValueTask{TResult}"/> (as <see cref="IAsyncEnumerator{T}.MoveNextAsync"/>
/// does) so that waiting for the next message allocates nothing: await each result once, and do not call
/// <see cref="MoveNext"/> again before it completes.
/// </summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    /// <summary>Advances to the next message; false at the end of the stream. Throws <see cref="RpcException"/> on a protocol error.</summary>
    ValueTask<bool> MoveNext(CancellationToken cancellationToken = default);
}
