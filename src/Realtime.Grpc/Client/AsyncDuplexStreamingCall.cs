namespace Realtime.Grpc.Client;

/// <summary>A bidirectional call: write to <see cref="RequestStream"/> and read <see cref="ResponseStream"/> concurrently.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
    where TResponse : class
{
    private readonly IClientCall<TResponse> _call;

    internal AsyncDuplexStreamingCall(IClientCall<TResponse> call, IClientStreamWriter<TRequest> requestStream)
    {
        _call = call;
        RequestStream = requestStream;
        ResponseStream = new ResponseStreamReader<TResponse>(call);
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    public StatusCode GetStatus(out string detail) => _call.GetStatus(out detail);

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}
