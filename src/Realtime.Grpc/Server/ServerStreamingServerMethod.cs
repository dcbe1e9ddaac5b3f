using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Realtime.Grpc.Server;

internal sealed class ServerStreamingServerMethod<TRequest, TResponse>(
    MethodDescriptor descriptor, MessageParser<TRequest> parser, ServerStreamingHandler<TRequest, TResponse> handler)
    : ServerMethod(descriptor)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override async Task InvokeAsync(ServerCallContext context)
    {
        var request = await new RequestStreamReader<TRequest>(context, parser).ReadSingleAsync();
        await handler(request, new ResponseStreamWriter<TResponse>(context), context);
    }
}
