using System.Runtime.CompilerServices;

namespace Realtime.Grpc.Client;

/// <summary>A unary call: await it (or <see cref="ResponseAsync"/>) for the response; headers and trailers are there too.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
    where TResponse : class
{
    private readonly IClientCall<TResponse> _call;

    internal AsyncUnaryCall(IClientCall<TResponse> call)
    {
        _call = call;
        ResponseAsync = ReadAsync();
    }

    /// <summary>The response, or an <see cref="RpcException"/> with the call's status.</summary>
    public Task<TResponse> ResponseAsync { get; }

    public Task<Metadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    public StatusCode GetStatus(out string detail) => _call.GetStatus(out detail);

    public Metadata GetTrailers() => _call.GetTrailers();

    public void Dispose() => _call.Dispose();

    private async Task<TResponse> ReadAsync()
    {
        try
        {
            return await _call.ReadSingleResponseAsync();
        }
        finally
        {
            _call.Dispose();
        }
    }
}
