using System.Runtime.CompilerServices;

namespace Realtime.Grpc.Client;

/// <summary>A client-streaming call: write requests, complete the stream, then await the response.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
    where TResponse : class
{
    private readonly IClientCall<TResponse> _call;
    private readonly Lazy<Task<TResponse>> _response;

    internal AsyncClientStreamingCall(IClientCall<TResponse> call, IClientStreamWriter<TRequest> requestStream)
    {
        _call = call;
        RequestStream = requestStream;
        _response = new Lazy<Task<TResponse>>(call.ReadSingleResponseAsync);
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public Task<TResponse> ResponseAsync => _response.Value;

    public Task<Metadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public StatusCode GetStatus(out string detail) => _call.GetStatus(out detail);

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();
}
