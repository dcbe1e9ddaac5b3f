using Google.Protobuf.Reflection;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;
using Realtime.LoadGen.Stats;
using Realtime.LoadGen.Workload;

namespace Realtime.LoadGen.Drivers;

/// <summary>
/// <c>Customers.Get</c> at a set rate (open loop) for customers whose traits were acknowledged: 80% by customer id,
/// 10% by email, 10% by phone; with <c>consistent</c> the server answers only once the customer's acknowledged events
/// are applied (read your writes). Latency is from the scheduled start to the answer.
/// </summary>
public sealed class LookupDriver(GrpcChannel channel, KnownCustomers known, RunStats stats, TimeProvider time, int seed, bool consistent = false)
{
    private static readonly Method<GetCustomerRequest, CustomerView> Get = Method<GetCustomerRequest, CustomerView>.FromDescriptor(
        CustomersReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Customers").FindMethodByName("Get"));

    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    public Task RunAsync(double ratePerSec, TimeSpan duration, CancellationToken cancellation) =>
        OpenLoop.RunAsync(ratePerSec, duration, time, 2048, LookupAsync, status => stats.Error("lookup", status), cancellation);

    private async Task LookupAsync(long scheduled, CancellationToken cancellation)
    {
        int? customer;
        double roll;
        lock (_lock)
        {
            customer = known.Sample(_random);
            roll = _random.NextDouble();
        }

        if (customer is not { } index)
        {
            stats.LookupSkipped(); // nothing acknowledged yet: nobody to look up
            return;
        }

        var key = roll switch
        {
            < 0.8 => new CustomerRef { CustomerId = CustomerModel.CustomerId(index) },
            < 0.9 => new CustomerRef { Email = CustomerModel.Email(index) },
            _ => new CustomerRef { Phone = CustomerModel.Phone(index) },
        };
        try
        {
            using var call = channel.UnaryAsync(Get, new GetCustomerRequest { Customer = key, Interactions = 5, Consistent = consistent },
                new CallOptions { Timeout = TimeSpan.FromSeconds(5), CancellationToken = cancellation });
            var view = await call.ResponseAsync;
            stats.Lookup.RecordElapsed(time.GetElapsedTime(scheduled));
            stats.LookupDone(view.CustomerId.Length > 0);
        }
        catch (Realtime.Grpc.RpcException ex) when (ex.StatusCode == Realtime.Grpc.StatusCode.NotFound)
        {
            stats.Lookup.RecordElapsed(time.GetElapsedTime(scheduled));
            stats.LookupDone(found: false);
        }
    }
}
