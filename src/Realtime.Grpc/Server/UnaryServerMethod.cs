using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Realtime.Grpc.Server;

internal sealed class UnaryServerMethod<TRequest, TResponse>(
    MethodDescriptor descriptor, MessageParser<TRequest> parser, UnaryHandler<TRequest, TResponse> handler)
    : ServerMethod(descriptor)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task InvokeAsync(ServerCallContext context)
    {
        var request = await new RequestStreamReader<TRequest>(context, parser).ReadSingleAsync();
        var response = await handler(request, context);
        await ResponseChecks.WriteSingleAsync(context, response);
    }
}
