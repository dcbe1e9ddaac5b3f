using Google.Protobuf;
using Google.Protobuf.Reflection;
using Realtime.Grpc.Server;

namespace Realtime.Grpc.Client;

/// <summary>A callable method: its path, its kind and how to parse its responses. Create once and reuse.</summary>
public sealed class Method<TRequest, TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    public Method(MethodType type, string serviceName, string name, MessageParser<TResponse> responseParser)
    {
        Type = type;
        ServiceName = serviceName;
        Name = name;
        FullName = $"/{serviceName}/{name}";
        ResponseParser = responseParser;
    }

    public MethodType Type { get; }

    public string ServiceName { get; }

    public string Name { get; }

    /// <summary>The request path, e.g. <c>/grpc.health.v1.Health/Check</c>.</summary>
    public string FullName { get; }

    public MessageParser<TResponse> ResponseParser { get; }

    /// <summary>A method from its protobuf descriptor, checking that the message types match the generated classes.</summary>
    public static Method<TRequest, TResponse> FromDescriptor(MethodDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.InputType.ClrType != typeof(TRequest) || descriptor.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"{descriptor.FullName} is {descriptor.InputType.FullName} -> {descriptor.OutputType.FullName}, not {typeof(TRequest).Name} -> {typeof(TResponse).Name}.",
                nameof(descriptor));
        }

        return new Method<TRequest, TResponse>(ServerMethod.KindOf(descriptor), descriptor.Service.FullName, descriptor.Name,
            (MessageParser<TResponse>)descriptor.OutputType.Parser);
    }
}
