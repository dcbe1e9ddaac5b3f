namespace Realtime.Grpc.Client;

/// <summary>Per-call options.</summary>
public readonly record struct CallOptions
{
    /// <summary>Request metadata (binary values for <c>-bin</c> keys).</summary>
    public Metadata? Headers { get; init; }

    /// <summary>Deadline as a timeout from the start of the call: sent as <c>grpc-timeout</c>, and enforced here too.</summary>
    public TimeSpan? Timeout { get; init; }

    public CancellationToken CancellationToken { get; init; }

    /// <summary>Compress request messages with this algorithm ("gzip"); null sends them uncompressed.</summary>
    public string? RequestCompression { get; init; }

    /// <summary>Write options of the request messages (e.g. NoCompress for a unary request).</summary>
    public WriteOptions? WriteOptions { get; init; }
}
