namespace Realtime.Grpc.Server;

/// <summary>
/// The client reset the stream or dropped the connection while the handler read or wrote. Kestrel signals
/// RequestAborted a moment later (on the thread pool), so the transport error itself is what tells the runner the
/// call was cancelled by the client rather than failed by the handler.
/// </summary>
internal sealed class ClientResetException(Exception inner)
    : OperationCanceledException("The client reset the stream or closed the connection.", inner);
