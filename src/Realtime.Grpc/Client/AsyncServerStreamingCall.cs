namespace Realtime.Grpc.Client;

/// <summary>A server-streaming call: read <see cref="ResponseStream"/> to the end; dispose to cancel early.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
    where TResponse : class
{
    private readonly IClientCall<TResponse> _call;

    internal AsyncServerStreamingCall(IClientCall<TResponse> call)
    {
        _call = call;
        ResponseStream = new ResponseStreamReader<TResponse>(call);
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    public StatusCode GetStatus(out string detail) => _call.GetStatus(out detail);

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}
