using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Realtime.Grpc.Server;

internal sealed class ClientStreamingServerMethod<TRequest, TResponse>(
    MethodDescriptor descriptor, MessageParser<TRequest> parser, ClientStreamingHandler<TRequest, TResponse> handler)
    : ServerMethod(descriptor)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task InvokeAsync(ServerCallContext context)
    {
        var response = await handler(new RequestStreamReader<TRequest>(context, parser), context);
        await ResponseChecks.WriteSingleAsync(context, response);
    }
}
