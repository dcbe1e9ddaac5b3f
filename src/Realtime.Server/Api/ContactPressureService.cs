using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Realtime.Contracts.V1;
using Realtime.Grpc;
using Realtime.Grpc.Hosting;
using Realtime.Grpc.Server;
using Realtime.Pressure;
using Realtime.Server.Customers;
using Realtime.Server.Hosting;

namespace Realtime.Server.Api;

/// <summary>
/// gRPC <c>realtime.v1.ContactPressure</c>. Each call is one turn of the customer's actor, so decisions are atomic:
/// requests for one customer are decided one after the other, and a reservation holds its slot. Calls are urgent
/// Asks: they run ahead of other customers' queued ingest, but after this customer's (a complaint already received
/// is applied before the request is decided).
/// </summary>
public sealed class ContactPressureService(RealtimeEngine engine) : IGrpcService
{
    public ServiceDescriptor Descriptor => PressureReflection.Descriptor.FindTypeByName<ServiceDescriptor>("ContactPressure");

    public void Bind(GrpcServiceBuilder builder) => builder
        .MapUnary<ContactRequest, ContactDecision>("Request", RequestAsync)
        .MapUnary<CommitRequest, CommitResponse>("Commit", CommitAsync)
        .MapUnary<ReleaseRequest, ReleaseResponse>("Release", ReleaseAsync)
        .MapUnary<OutcomeReport, ReportResponse>("Report", ReportAsync);

    private async ValueTask<ContactDecision> RequestAsync(ContactRequest request, ServerCallContext context)
    {
        RequireCustomer(request.CustomerId);
        RequireChannel(request.Channel);
        var decision = (PressureDecision)(await AskUrgentAsync(request.CustomerId, new CustomerMessage(CustomerCommand.PressureRequest, Argument: request), context))!;
        return decision.ToContract();
    }

    private async ValueTask<CommitResponse> CommitAsync(CommitRequest request, ServerCallContext context)
    {
        var committed = await SettleAsync(request.CustomerId, request.ReservationToken, CustomerCommand.PressureCommit, context);
        return new CommitResponse
        {
            Committed = committed,
            Detail = committed ? "committed" : $"reservation '{request.ReservationToken}' is unknown, expired or released",
        };
    }

    private async ValueTask<ReleaseResponse> ReleaseAsync(ReleaseRequest request, ServerCallContext context)
    {
        var released = await SettleAsync(request.CustomerId, request.ReservationToken, CustomerCommand.PressureRelease, context);
        return new ReleaseResponse
        {
            Released = released,
            Detail = released ? "released" : $"reservation '{request.ReservationToken}' is unknown, expired or already committed",
        };
    }

    // Commit or release: one turn that settles a reservation, true when the reservation was still open.
    private async ValueTask<bool> SettleAsync(string customerId, string token, CustomerCommand command, ServerCallContext context)
    {
        RequireCustomer(customerId);
        RequireToken(token);
        return (bool)(await AskUrgentAsync(customerId, new CustomerMessage(command, Argument: token), context))!;
    }

    private async ValueTask<ReportResponse> ReportAsync(OutcomeReport request, ServerCallContext context)
    {
        RequireCustomer(request.CustomerId);
        RequireChannel(request.Channel);
        if (request.Outcome == ContactOutcome.Unspecified)
        {
            throw new RpcException(StatusCode.InvalidArgument, "outcome is required (delivered, opened, clicked, ignored, bounced, hard_bounced, complained, unsubscribed).");
        }

        await AskUrgentAsync(request.CustomerId, new CustomerMessage(CustomerCommand.PressureReport, Argument: request), context);
        return new ReportResponse();
    }

    private ValueTask<object?> AskUrgentAsync(string customerId, CustomerMessage message, ServerCallContext context) =>
        engine.Actors.Customers.AskUrgentAsync(customerId, message, cancellationToken: context.CancellationToken);

    private static void RequireCustomer(string customerId)
    {
        if (string.IsNullOrEmpty(customerId))
        {
            throw new RpcException(StatusCode.InvalidArgument, "customer_id is required.");
        }
    }

    private static void RequireChannel(Channel channel)
    {
        if (!Channels.IsGoverned(channel))
        {
            throw new RpcException(StatusCode.InvalidArgument, $"channel must be one of email, sms, push, phone, mail, in_app (got {channel}).");
        }
    }

    private static void RequireToken(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new RpcException(StatusCode.InvalidArgument, "reservation_token is required.");
        }
    }
}
