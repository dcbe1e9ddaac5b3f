namespace Realtime.Grpc;

/// <summary>
/// A call that ends with a non-OK status. Server handlers throw it to choose the status, message and trailers the client
/// sees; the client throws it when a call ends with a non-OK status.
/// </summary>
public sealed class RpcException : Exception
{
    public RpcException(StatusCode statusCode, string detail, Metadata? trailers = null)
        : base($"Status(StatusCode=\"{statusCode}\", Detail=\"{detail}\")")
    {
        StatusCode = statusCode;
        Detail = detail;
        Trailers = trailers ?? new Metadata();
    }

    public StatusCode StatusCode { get; }

    /// <summary>The status message (<c>grpc-message</c>), already percent-decoded.</summary>
    public string Detail { get; }

    /// <summary>Trailing metadata sent with the status.</summary>
    public Metadata Trailers { get; }
}
