using System.Runtime.CompilerServices;

namespace Realtime.Grpc.Client;

/// <summary>Reads the response messages of a streaming call; throws <see cref="RpcException"/> when the call ends non-OK.</summary>
internal sealed class ResponseStreamReader<T>(IClientCall<T> call) : IAsyncStreamReader<T>
    where T : class
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("Call MoveNext and check it returned true before reading Current.");

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> MoveNext(CancellationToken cancellationToken = default)
    {
        _current = await call.ReadMessageAsync(cancellationToken);
        return _current is not null;
    }
}
