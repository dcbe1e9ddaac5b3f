using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Realtime.Grpc.Hosting;
using Realtime.Grpc.Server;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Realtime.Grpc.Health;

/// <summary>The standard health service (grpc/doc/health-checking.md): Check and Watch over <see cref="HealthStatusRegistry"/>.</summary>
internal sealed class HealthService(HealthStatusRegistry registry) : IGrpcService
{
    private static readonly HealthCheckResponse[] Responses =
        Enum.GetValues<ServingStatus>().Select(s => new HealthCheckResponse { Status = s }).ToArray();

    public ServiceDescriptor Descriptor => HealthReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Health");

    public void Bind(GrpcServiceBuilder builder) => builder
        .MapUnary<HealthCheckRequest, HealthCheckResponse>("Check", Check)
        .MapServerStreaming<HealthCheckRequest, HealthCheckResponse>("Watch", WatchAsync);

    private ValueTask<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
    {
        if (!registry.TryGetStatus(request.Service, out var status))
        {
            throw new RpcException(StatusCode.NotFound, $"Unknown service '{request.Service}'.");
        }

        // Responses are immutable once shared: each status has one cached instance.
        return ValueTask.FromResult(Responses[(int)status]);
    }

    private async Task WatchAsync(HealthCheckRequest request, IServerStreamWriter<HealthCheckResponse> stream, ServerCallContext context)
    {
        ServingStatus? sent = null;
        while (true)
        {
            var (status, changed) = registry.Snapshot(request.Service);
            if (status != sent)
            {
                await stream.WriteAsync(Responses[(int)status], context.CancellationToken);
                sent = status;
            }

            await changed.WaitAsync(context.CancellationToken);
        }
    }
}
