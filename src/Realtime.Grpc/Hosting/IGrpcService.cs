using Google.Protobuf.Reflection;
using Realtime.Grpc.Server;

namespace Realtime.Grpc.Hosting;

/// <summary>A gRPC service implementation: names its protobuf service and binds its handlers (register with <c>AddService&lt;T&gt;()</c>).</summary>
public interface IGrpcService
{
    /// <summary>The protobuf service, e.g. <c>Ingest.Descriptor</c> from the generated reflection class.</summary>
    ServiceDescriptor Descriptor { get; }

    void Bind(GrpcServiceBuilder builder);
}
