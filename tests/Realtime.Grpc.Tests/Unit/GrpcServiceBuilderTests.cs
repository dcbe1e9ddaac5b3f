using Google.Protobuf.Reflection;
using Realtime.Grpc.Server;
using Realtime.Grpc.Tests.Interop;

namespace Realtime.Grpc.Tests.Unit;

public sealed class GrpcServiceBuilderTests
{
    private static readonly ServiceDescriptor Service = InteropReflection.Descriptor.FindTypeByName<ServiceDescriptor>("TestService");

    [Fact]
    public void UnknownMethod_FailsAtBindTime_ListingTheMethods()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new GrpcServiceBuilder(Service).MapUnary<Empty, Empty>("Nope", (_, _) => ValueTask.FromResult(new Empty())));

        Assert.StartsWith("Service realtime.testing.v1.TestService has no method 'Nope' (it has: EmptyCall, UnaryCall,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongKind_FailsAtBindTime()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new GrpcServiceBuilder(Service).MapUnary<StreamingOutputCallRequest, StreamingOutputCallResponse>(
                "FullDuplexCall", (_, _) => ValueTask.FromResult(new StreamingOutputCallResponse())));

        Assert.Equal("realtime.testing.v1.TestService/FullDuplexCall is DuplexStreaming in the proto, but a Unary handler was given.", error.Message);
    }

    [Fact]
    public void WrongMessageType_FailsAtBindTime()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new GrpcServiceBuilder(Service).MapUnary<Empty, SimpleResponse>("UnaryCall", (_, _) => ValueTask.FromResult(new SimpleResponse())));

        Assert.Equal(
            "realtime.testing.v1.TestService/UnaryCall takes realtime.testing.v1.SimpleRequest as its request (Realtime.Grpc.Tests.Interop.SimpleRequest), but the handler uses Realtime.Grpc.Tests.Interop.Empty.",
            error.Message);
    }

    [Fact]
    public void SameMethodTwice_Fails()
    {
        var builder = new GrpcServiceBuilder(Service).MapUnary<Empty, Empty>("EmptyCall", (_, _) => ValueTask.FromResult(new Empty()));

        var error = Assert.Throws<InvalidOperationException>(() => builder.MapUnary<Empty, Empty>("EmptyCall", (_, _) => ValueTask.FromResult(new Empty())));

        Assert.Equal("realtime.testing.v1.TestService/EmptyCall already has a handler.", error.Message);
    }

    [Fact]
    public void SameServiceTwice_FailsWhenTheTableIsBuilt()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new GrpcMethodTable([new GrpcServiceBuilder(Service), new GrpcServiceBuilder(Service)]));

        Assert.Equal("gRPC service realtime.testing.v1.TestService is registered twice.", error.Message);
    }

    [Fact]
    public void Table_RoutesEveryMethodOfTheService_CaseSensitively()
    {
        var table = new GrpcMethodTable([new GrpcServiceBuilder(Service)]);

        Assert.True(table.TryGet("/realtime.testing.v1.TestService/EmptyCall", out _));
        Assert.True(table.TryGet("/realtime.testing.v1.TestService/UnimplementedCall", out _));
        Assert.False(table.TryGet("/realtime.testing.v1.TestService/emptycall", out _));
    }
}
