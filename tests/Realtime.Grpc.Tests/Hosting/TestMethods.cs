using Google.Protobuf.Reflection;
using Realtime.Grpc.Client;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Hosting;

/// <summary>Client methods of the test services, from their descriptors.</summary>
public static class TestMethods
{
    private static readonly ServiceDescriptor Test = InteropReflection.Descriptor.FindTypeByName<ServiceDescriptor>("TestService");
    private static readonly ServiceDescriptor Faults = InteropReflection.Descriptor.FindTypeByName<ServiceDescriptor>("FaultService");
    private static readonly ServiceDescriptor Probes = InteropReflection.Descriptor.FindTypeByName<ServiceDescriptor>("ProbeService");

    public static readonly Method<Empty, Empty> EmptyCall = Of<Empty, Empty>(Test, "EmptyCall");
    public static readonly Method<SimpleRequest, SimpleResponse> UnaryCall = Of<SimpleRequest, SimpleResponse>(Test, "UnaryCall");
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> StreamingOutputCall =
        Of<StreamingOutputCallRequest, StreamingOutputCallResponse>(Test, "StreamingOutputCall");
    public static readonly Method<StreamingInputCallRequest, StreamingInputCallResponse> StreamingInputCall =
        Of<StreamingInputCallRequest, StreamingInputCallResponse>(Test, "StreamingInputCall");
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> FullDuplexCall =
        Of<StreamingOutputCallRequest, StreamingOutputCallResponse>(Test, "FullDuplexCall");
    public static readonly Method<StreamingOutputCallRequest, StreamingOutputCallResponse> HalfDuplexCall =
        Of<StreamingOutputCallRequest, StreamingOutputCallResponse>(Test, "HalfDuplexCall");
    public static readonly Method<WaitRequest, WaitResponse> WaitForCancellation = Of<WaitRequest, WaitResponse>(Test, "WaitForCancellation");
    public static readonly Method<WaitRequest, StreamingOutputCallResponse> StreamUntilCancelled =
        Of<WaitRequest, StreamingOutputCallResponse>(Test, "StreamUntilCancelled");
    public static readonly Method<Empty, Empty> UnimplementedCall = Of<Empty, Empty>(Test, "UnimplementedCall");
    public static readonly Method<Empty, Empty> UnimplementedService =
        new(MethodType.Unary, "realtime.testing.v1.UnimplementedService", "UnimplementedCall", Empty.Parser);
    public static readonly Method<Empty, Empty> Throw = Of<Empty, Empty>(Faults, "Throw");
    public static readonly Method<Empty, Empty> ReturnNothing = Of<Empty, Empty>(Faults, "ReturnNothing");
    public static readonly Method<Empty, Empty> FailAfterMessages = Of<Empty, Empty>(Faults, "FailAfterMessages");
    public static readonly Method<Empty, Empty> NotYet = Of<Empty, Empty>(Faults, "NotYet");
    public static readonly Method<Empty, LimitsSeen> UnaryLimits = Of<Empty, LimitsSeen>(Probes, "UnaryLimits");
    public static readonly Method<Empty, LimitsSeen> ClientStreamingLimits = Of<Empty, LimitsSeen>(Probes, "ClientStreamingLimits");
    public static readonly Method<Empty, LimitsSeen> ServerStreamingLimits = Of<Empty, LimitsSeen>(Probes, "ServerStreamingLimits");
    public static readonly Method<Empty, LimitsSeen> DuplexStreamingLimits = Of<Empty, LimitsSeen>(Probes, "DuplexStreamingLimits");

    private static Method<TRequest, TResponse> Of<TRequest, TResponse>(ServiceDescriptor service, string name)
        where TRequest : class, Google.Protobuf.IMessage<TRequest>
        where TResponse : class, Google.Protobuf.IMessage<TResponse> =>
        Method<TRequest, TResponse>.FromDescriptor(service.FindMethodByName(name));
}
