using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Realtime.Grpc.Server;

internal sealed class DuplexStreamingServerMethod<TRequest, TResponse>(
    MethodDescriptor descriptor, MessageParser<TRequest> parser, DuplexStreamingHandler<TRequest, TResponse> handler)
    : ServerMethod(descriptor)
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public override Task InvokeAsync(ServerCallContext context) =>
        handler(new RequestStreamReader<TRequest>(context, parser), new ResponseStreamWriter<TResponse>(context), context);
}
