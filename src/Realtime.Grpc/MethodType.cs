namespace Realtime.Grpc;

/// <summary>The four RPC shapes, from a method descriptor's IsClientStreaming / IsServerStreaming.</summary>
public enum MethodType
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}
