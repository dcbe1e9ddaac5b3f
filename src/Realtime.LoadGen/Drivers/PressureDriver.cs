using Google.Protobuf.Reflection;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;
using Realtime.LoadGen.Stats;
using Realtime.LoadGen.Workload;

namespace Realtime.LoadGen.Drivers;

/// <summary>
/// <c>ContactPressure.Request</c> at a set rate (open loop) for known customers: marketing email, 10% SMS. Granted
/// reservations are left to expire by themselves. Latency is from the scheduled start to the decision.
/// </summary>
public sealed class PressureDriver(GrpcChannel channel, KnownCustomers known, RunStats stats, TimeProvider time, int seed)
{
    private static readonly Method<ContactRequest, ContactDecision> Request = Method<ContactRequest, ContactDecision>.FromDescriptor(
        PressureReflection.Descriptor.FindTypeByName<ServiceDescriptor>("ContactPressure").FindMethodByName("Request"));

    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();

    public Task RunAsync(double ratePerSec, TimeSpan duration, CancellationToken cancellation) =>
        OpenLoop.RunAsync(ratePerSec, duration, time, 2048, RequestAsync, status => stats.Error("pressure", status), cancellation);

    private async Task RequestAsync(long scheduled, CancellationToken cancellation)
    {
        int? customer;
        bool sms;
        lock (_lock)
        {
            customer = known.Sample(_random);
            sms = _random.NextDouble() < 0.1;
        }

        if (customer is not { } index)
        {
            stats.PressureSkippedOne();
            return;
        }

        var request = new ContactRequest
        {
            CustomerId = CustomerModel.CustomerId(index),
            Channel = sms ? Channel.Sms : Channel.Email,
            Kind = MessageKind.Marketing,
            Campaign = "loadgen",
        };
        using var call = channel.UnaryAsync(Request, request, new CallOptions { Timeout = TimeSpan.FromSeconds(5), CancellationToken = cancellation });
        var decision = await call.ResponseAsync;
        stats.Pressure.RecordElapsed(time.GetElapsedTime(scheduled));
        stats.PressureDone(decision.Granted, decision.Granted ? null : decision.Reason.ToString());
    }
}
