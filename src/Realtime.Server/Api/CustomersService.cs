using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;
using Realtime.Contracts.V1;
using Realtime.Customers.State;
using Realtime.Customers.Views;
using Realtime.Grpc;
using Realtime.Grpc.Hosting;
using Realtime.Grpc.Server;
using Realtime.Server.Customers;
using Realtime.Server.Hosting;

namespace Realtime.Server.Api;

/// <summary>
/// gRPC <c>realtime.v1.Customers</c>. Look-ups are read-only turns that run ahead of the customer's queued events,
/// so a call centre's <c>Get</c> never waits behind a deep ingest queue.
/// </summary>
public sealed class CustomersService(RealtimeEngine engine, CustomerQueries queries, TimeProvider clock) : IGrpcService
{
    public ServiceDescriptor Descriptor => CustomersReflection.Descriptor.FindTypeByName<ServiceDescriptor>("Customers");

    public void Bind(GrpcServiceBuilder builder) => builder
        .MapUnary<GetCustomerRequest, CustomerView>("Get", GetAsync)
        .MapUnary<ExplainRequest, ScoreExplanation>("Explain", ExplainAsync)
        .MapUnary<HistoryRequest, CustomerHistory>("History", HistoryAsync)
        .MapUnary<ExportRequest, CustomerExport>("Export", ExportAsync)
        .MapUnary<EraseRequest, EraseResponse>("Erase", EraseAsync);

    private async ValueTask<CustomerView> GetAsync(GetCustomerRequest request, ServerCallContext context)
    {
        var interactions = request.Interactions is > 0 ? Math.Min(request.Interactions, CustomerViewBuilder.MaxInteractions) : CustomerViewBuilder.DefaultInteractions;
        return await ReadAsync(request.Customer, state => CustomerViews.Build(state, clock.GetUtcNow(), interactions), context.CancellationToken, request.Consistent);
    }

    private async ValueTask<ScoreExplanation> ExplainAsync(ExplainRequest request, ServerCallContext context) =>
        await ReadAsync(request.Customer, state => ScoreExplainer.Explain(state.Customer, clock.GetUtcNow()), context.CancellationToken);

    private async ValueTask<CustomerHistory> HistoryAsync(HistoryRequest request, ServerCallContext context) =>
        await ReadAsync(
            request.Customer,
            state => HistoryBuilder.Build(state.Customer, request.Since?.ToDateTimeOffset(), request.Until?.ToDateTimeOffset()),
            context.CancellationToken);

    private async ValueTask<CustomerExport> ExportAsync(ExportRequest request, ServerCallContext context)
    {
        var now = clock.GetUtcNow();
        var export = await ReadAsync(request.Customer, state => new CustomerExport
        {
            View = CustomerViews.Build(state, now, CustomerViewBuilder.MaxInteractions),
            History = HistoryBuilder.Build(state.Customer),
            Explanation = ScoreExplainer.Explain(state.Customer, now),
        }, context.CancellationToken);

        var stored = await engine.Store.Privacy.ExportAsync(export.View.CustomerId, context.Peer, "Customers.Export", context.CancellationToken);
        foreach (var record in stored.Events)
        {
            export.Events.Add(Event.Parser.ParseFrom(record.Payload));
        }

        return export;
    }

    private async ValueTask<EraseResponse> EraseAsync(EraseRequest request, ServerCallContext context)
    {
        var cancellation = context.CancellationToken;
        var customerId = await engine.Router.ResolveAsync(request.Customer, cancellation);
        var anonymousIds = await engine.Actors.Customers.ReadAsync(customerId, s => s.Customer.AnonymousIds.ToArray(), cancellation);

        // Empty the live actors first (they leave their segments, so the aggregates drop them), drop them with
        // their stored state, then erase every other stored trace: log records, identity keys.
        await engine.Actors.Customers.AskUrgentAsync(customerId, new CustomerMessage(CustomerCommand.Retire), cancellationToken: cancellation);
        await engine.Actors.Customers.EraseAsync(customerId, cancellation);
        foreach (var anonymousId in anonymousIds)
        {
            var visitorKey = RouteTarget.VisitorKey(anonymousId);
            await engine.Actors.Visitors.AskUrgentAsync(visitorKey, new CustomerMessage(CustomerCommand.Retire), cancellationToken: cancellation);
            await engine.Actors.Visitors.EraseAsync(visitorKey, cancellation);
        }

        var requestedBy = request.RequestedBy.Length > 0 ? request.RequestedBy : context.Peer;
        var report = await engine.Store.Privacy.EraseAsync(customerId, requestedBy, request.Reason, cancellation);
        long events = report.Events;
        foreach (var anonymousId in anonymousIds)
        {
            events += (await engine.Store.Privacy.EraseAsync(RouteTarget.VisitorKey(anonymousId), requestedBy, request.Reason, cancellation)).Events;
        }

        engine.Router.Forget(customerId);
        return new EraseResponse { CustomerId = customerId, EventsErased = events };
    }

    private async Task<T> ReadAsync<T>(CustomerRef reference, Func<CustomerActorState, T> read, CancellationToken cancellationToken, bool consistent = false)
    {
        var result = await queries.ReadAsync(reference, read, cancellationToken, consistent);
        return result.Found ? result.Value! : throw new RpcException(StatusCode.NotFound, $"No customer '{result.Key}': no event was ever received for them.");
    }
}
