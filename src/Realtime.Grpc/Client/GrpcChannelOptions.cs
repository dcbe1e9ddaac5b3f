using Realtime.Grpc.Protocol;

namespace Realtime.Grpc.Client;

public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted. <value>Default 4 MiB.</value> Null = no limit.</summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Largest request message sent. <value>Default null: no limit.</value></summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>The handler to send with; null = a <see cref="System.Net.Http.SocketsHttpHandler"/> tuned for gRPC.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Dispose <see cref="HttpHandler"/> with the channel. <value>Default true.</value></summary>
    public bool DisposeHttpHandler { get; set; } = true;

    /// <summary>Clock for local deadline enforcement. <value>Default <see cref="TimeProvider.System"/>.</value></summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
