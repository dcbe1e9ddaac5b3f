using System.IO.Compression;
using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Server;

/// <summary>Options of the gRPC server (bind with <c>AddRealtimeGrpc(o => ...)</c>).</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted, compressed or not. <value>Default 4 MiB.</value> Null = no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message sent (RESOURCE_EXHAUSTED past it). <value>Default null: no limit.</value></summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Put a handler's exception text into the UNKNOWN status message. <value>Default false.</value></summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Compress responses with this algorithm ("gzip") when the client accepts it. <value>Default null: no compression.</value></summary>
    public string? ResponseCompressionAlgorithm { get; set; }

    /// <summary><value>Default Fastest.</value></summary>
    public CompressionLevel ResponseCompressionLevel { get; set; } = CompressionLevel.Fastest;

    /// <summary>
    /// Rejected requests (bad path, content type, encoding, timeout …) logged per second at most; the rest are counted
    /// and the count is logged with the next one. <value>Default 10.</value> 0 logs none.
    /// </summary>
    public int RejectionLogsPerSecond { get; set; } = 10;
}
