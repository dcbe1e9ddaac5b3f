using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;

namespace Realtime.LoadGen.Drivers;

/// <summary>
/// <c>wait-ready</c>: polls a server until <c>grpc.health.v1.Health/Check</c> answers SERVING and, when a customer is
/// named, <c>Customers.Get</c> answers for it; then prints the wall-clock instant (Unix ms) it did, so a script can
/// time a restart from the moment it started the process. Bounded by a timeout.
/// </summary>
public static class ReadyProbe
{
    private static readonly Method<HealthCheckRequest, HealthCheckResponse> Check = Method<HealthCheckRequest, HealthCheckResponse>.FromDescriptor(
        HealthReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Health").FindMethodByName("Check"));

    private static readonly Method<GetCustomerRequest, CustomerView> Get = Method<GetCustomerRequest, CustomerView>.FromDescriptor(
        CustomersReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Customers").FindMethodByName("Get"));

    public sealed record Result(bool Ready, long ServingAtUnixMs, long AnsweredAtUnixMs, int Attempts, string LastError);

    public static async Task<Result> WaitAsync(string target, string? customerId, TimeSpan timeout, TimeSpan interval, TimeProvider time, CancellationToken cancellation)
    {
        using var channel = GrpcChannel.ForAddress(target, new GrpcChannelOptions { TimeProvider = time });
        var started = time.GetTimestamp();
        long servingAt = 0;
        var attempts = 0;
        var lastError = "";
        while (time.GetElapsedTime(started) < timeout && !cancellation.IsCancellationRequested)
        {
            attempts++;
            try
            {
                if (servingAt == 0)
                {
                    using var call = channel.UnaryAsync(Check, new HealthCheckRequest(), new CallOptions { Timeout = TimeSpan.FromSeconds(2), CancellationToken = cancellation });
                    var health = await call.ResponseAsync;
                    if (health.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                    {
                        servingAt = time.GetUtcNow().ToUnixTimeMilliseconds();
                    }
                    else
                    {
                        lastError = $"health {health.Status}";
                    }
                }

                if (servingAt != 0)
                {
                    if (customerId is null)
                    {
                        return new Result(true, servingAt, servingAt, attempts, "");
                    }

                    using var get = channel.UnaryAsync(Get, new GetCustomerRequest { Customer = new CustomerRef { CustomerId = customerId } },
                        new CallOptions { Timeout = TimeSpan.FromSeconds(5), CancellationToken = cancellation });
                    var view = await get.ResponseAsync;
                    if (view.CustomerId == customerId)
                    {
                        return new Result(true, servingAt, time.GetUtcNow().ToUnixTimeMilliseconds(), attempts, "");
                    }

                    lastError = $"Get answered customer '{view.CustomerId}'";
                }
            }
            catch (Exception ex) when (ex is Realtime.Grpc.RpcException or HttpRequestException or IOException or OperationCanceledException && !cancellation.IsCancellationRequested)
            {
                lastError = ex.Message;
            }

            await Task.Delay(interval, time, cancellation);
        }

        return new Result(false, servingAt, 0, attempts, lastError);
    }
}
