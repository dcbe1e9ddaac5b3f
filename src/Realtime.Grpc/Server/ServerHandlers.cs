namespace Realtime.Grpc.Server;

/// <summary>Handles a unary call: one request in, one response out.</summary>
public delegate ValueTask<TResponse> UnaryHandler<TRequest, TResponse>(TRequest request, ServerCallContext context);

/// <summary>Handles a server-streaming call: one request in, responses written to the stream.</summary>
public delegate Task ServerStreamingHandler<TRequest, TResponse>(
    TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);

/// <summary>Handles a client-streaming call: requests read from the stream, one response out.</summary>
public delegate ValueTask<TResponse> ClientStreamingHandler<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream, ServerCallContext context);

/// <summary>Handles a bidirectional call: reads and writes may run concurrently.</summary>
public delegate Task DuplexStreamingHandler<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context);
