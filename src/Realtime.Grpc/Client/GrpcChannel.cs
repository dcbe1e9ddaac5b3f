using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;

namespace Realtime.Grpc.Client;

/// <summary>
/// A connection pool to one gRPC server over HTTP/2 (cleartext prior knowledge for http://, ALPN for https://), and
/// the entry point for calls. Thread-safe; create one per server and share it: many concurrent calls multiplex over a
/// few connections (new ones open when a connection's stream limit is reached).
/// </summary>
public sealed class GrpcChannel : IDisposable
{
    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);
    private readonly bool _disposeHandler;

    private GrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        Options = options;
        var handler = options.HttpHandler ?? CreateDefaultHandler();
        _disposeHandler = options.HttpHandler is null || options.DisposeHttpHandler;
        Invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        Handler = handler;
    }

    public Uri Address { get; }

    public GrpcChannelOptions Options { get; }

    internal HttpMessageInvoker Invoker { get; }

    private HttpMessageHandler Handler { get; }

    public static GrpcChannel ForAddress(string address, GrpcChannelOptions? options = null) => ForAddress(new Uri(address), options);

    public static GrpcChannel ForAddress(Uri address, GrpcChannelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new GrpcChannel(address, options ?? new GrpcChannelOptions());
    }

    public AsyncUnaryCall<TResponse> UnaryAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.Start(new SingleMessageContent<TRequest>(request, call.RequestCompression, Options.MaxSendMessageSize));
        return new AsyncUnaryCall<TResponse>(call);
    }

    public AsyncServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(
        Method<TRequest, TResponse> method, TRequest request, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        call.Start(new SingleMessageContent<TRequest>(request, call.RequestCompression, Options.MaxSendMessageSize));
        return new AsyncServerStreamingCall<TResponse>(call);
    }

    public AsyncClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        var content = new StreamingRequestContent();
        call.Start(content);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call, new ClientStreamWriter<TRequest, TResponse>(call, content));
    }

    public AsyncDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(
        Method<TRequest, TResponse> method, CallOptions options = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var call = new ClientCall<TRequest, TResponse>(this, method, options);
        var content = new StreamingRequestContent();
        call.Start(content);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call, new ClientStreamWriter<TRequest, TResponse>(call, content));
    }

    public void Dispose()
    {
        Invoker.Dispose();
        if (_disposeHandler)
        {
            Handler.Dispose();
        }
    }

    internal Uri UriFor(string path) => _uris.GetOrAdd(path, static (p, address) => new Uri(address, p), Address);

    private static SocketsHttpHandler CreateDefaultHandler() => new()
    {
        EnableMultipleHttp2Connections = true,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
    };
}
