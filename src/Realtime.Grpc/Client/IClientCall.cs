namespace Realtime.Grpc.Client;

/// <summary>The response side of a call, as the call wrappers use it.</summary>
internal interface IClientCall<TResponse> : IDisposable
{
    Task<Metadata> GetResponseHeadersAsync();

    ValueTask<TResponse?> ReadMessageAsync(CancellationToken cancellationToken);

    Task<TResponse> ReadSingleResponseAsync();

    StatusCode GetStatus(out string detail);

    Metadata GetTrailers();
}
