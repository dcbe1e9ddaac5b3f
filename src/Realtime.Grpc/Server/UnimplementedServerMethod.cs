using Google.Protobuf.Reflection;

namespace Realtime.Grpc.Server;

/// <summary>A method of a registered service that has no handler yet: UNIMPLEMENTED, naming the method.</summary>
internal sealed class UnimplementedServerMethod(MethodDescriptor descriptor) : ServerMethod(descriptor)
{
    private readonly string _message = $"{descriptor.Service.FullName}/{descriptor.Name} is not implemented yet.";

    public override Task InvokeAsync(ServerCallContext context) => Task.FromException(new RpcException(StatusCode.Unimplemented, _message));
}
