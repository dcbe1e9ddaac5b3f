using Google.Protobuf.Reflection;

namespace Realtime.Grpc.Server;

/// <summary>A bound method of a service: reads the request(s), runs the handler, writes the response(s).</summary>
internal abstract class ServerMethod(MethodDescriptor descriptor)
{
    public MethodDescriptor Descriptor { get; } = descriptor;

    public string Path { get; } = $"/{descriptor.Service.FullName}/{descriptor.Name}";

    /// <summary>Client- and bidi-streaming calls may run long and carry much data: Kestrel's body limits are lifted for them.</summary>
    public bool StreamsRequests => Descriptor.IsClientStreaming;

    /// <summary>Server- and bidi-streaming calls may stay open with nothing to send: Kestrel's response rate is lifted for them.</summary>
    public bool StreamsResponses => Descriptor.IsServerStreaming;

    public abstract Task InvokeAsync(ServerCallContext context);

    internal static MethodType KindOf(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (true, false) => MethodType.ClientStreaming,
        (false, true) => MethodType.ServerStreaming,
        (true, true) => MethodType.DuplexStreaming,
    };
}
