using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Realtime.Grpc.Server;

/// <summary>
/// Binds handlers to the methods of one protobuf service, by method name. Each binding is checked against the
/// descriptor at once: the method exists, its kind (unary or streaming) and its message types match. Methods left
/// unbound answer UNIMPLEMENTED.
/// </summary>
public sealed class GrpcServiceBuilder
{
    private readonly Dictionary<string, ServerMethod> _methods = new(StringComparer.Ordinal);

    public GrpcServiceBuilder(ServiceDescriptor descriptor)
    {
        Descriptor = descriptor ?? throw new ArgumentNullException(nameof(descriptor));
    }

    public ServiceDescriptor Descriptor { get; }

    public GrpcServiceBuilder MapUnary<TRequest, TResponse>(string methodName, UnaryHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = Find<TRequest, TResponse>(methodName, MethodType.Unary);
        return Add(new UnaryServerMethod<TRequest, TResponse>(method, ParserOf<TRequest>(method), handler));
    }

    public GrpcServiceBuilder MapServerStreaming<TRequest, TResponse>(string methodName, ServerStreamingHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = Find<TRequest, TResponse>(methodName, MethodType.ServerStreaming);
        return Add(new ServerStreamingServerMethod<TRequest, TResponse>(method, ParserOf<TRequest>(method), handler));
    }

    public GrpcServiceBuilder MapClientStreaming<TRequest, TResponse>(string methodName, ClientStreamingHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = Find<TRequest, TResponse>(methodName, MethodType.ClientStreaming);
        return Add(new ClientStreamingServerMethod<TRequest, TResponse>(method, ParserOf<TRequest>(method), handler));
    }

    public GrpcServiceBuilder MapDuplexStreaming<TRequest, TResponse>(string methodName, DuplexStreamingHandler<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var method = Find<TRequest, TResponse>(methodName, MethodType.DuplexStreaming);
        return Add(new DuplexStreamingServerMethod<TRequest, TResponse>(method, ParserOf<TRequest>(method), handler));
    }

    /// <summary>Every method of the service: the bound ones, and UNIMPLEMENTED for the rest.</summary>
    internal IEnumerable<ServerMethod> Build() =>
        Descriptor.Methods.Select(m => _methods.TryGetValue(m.Name, out var bound) ? bound : new UnimplementedServerMethod(m));

    private GrpcServiceBuilder Add(ServerMethod method)
    {
        if (!_methods.TryAdd(method.Descriptor.Name, method))
        {
            throw new InvalidOperationException($"{Descriptor.FullName}/{method.Descriptor.Name} already has a handler.");
        }

        return this;
    }

    private MethodDescriptor Find<TRequest, TResponse>(string methodName, MethodType kind)
    {
        var method = Descriptor.FindMethodByName(methodName)
            ?? throw new InvalidOperationException(
                $"Service {Descriptor.FullName} has no method '{methodName}' (it has: {string.Join(", ", Descriptor.Methods.Select(m => m.Name))}).");
        var actual = ServerMethod.KindOf(method);
        if (actual != kind)
        {
            throw new InvalidOperationException($"{Descriptor.FullName}/{methodName} is {actual} in the proto, but a {kind} handler was given.");
        }

        CheckType(method, "request", method.InputType, typeof(TRequest));
        CheckType(method, "response", method.OutputType, typeof(TResponse));
        return method;
    }

    private void CheckType(MethodDescriptor method, string role, MessageDescriptor expected, Type given)
    {
        if (expected.ClrType != given)
        {
            throw new InvalidOperationException(
                $"{Descriptor.FullName}/{method.Name} takes {expected.FullName} as its {role} ({expected.ClrType?.FullName ?? "no generated class"}), but the handler uses {given.FullName}.");
        }
    }

    private static MessageParser<T> ParserOf<T>(MethodDescriptor method)
        where T : IMessage<T> =>
        method.InputType.Parser as MessageParser<T>
        ?? throw new InvalidOperationException($"The descriptor of {method.InputType.FullName} has no parser for {typeof(T).FullName}.");
}
