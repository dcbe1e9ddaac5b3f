using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Grpc.Client;

namespace Realtime.Server.Tests.Infrastructure;

/// <summary>The public API as a test calls it: real gRPC over HTTP/2 through the project's client.</summary>
public sealed class RealtimeApi(GrpcChannel channel, Func<DateTimeOffset> now)
{
    private long _nextEventId;

    public Task<TrackResponse> TrackAsync(params Event[] events)
    {
        var request = new TrackRequest { BatchId = (ulong)Interlocked.Increment(ref _nextEventId) };
        request.Events.AddRange(events);
        return CallAsync<TrackRequest, TrackResponse>(IngestReflection.Descriptor, "Ingest", "Track", request);
    }

    public Task<CustomerView> GetAsync(CustomerRef customer, bool consistent = true) =>
        CallAsync<GetCustomerRequest, CustomerView>(CustomersReflection.Descriptor, "Customers", "Get", new GetCustomerRequest { Customer = customer, Consistent = consistent });

    public Task<CustomerView> GetAsync(string customerId, bool consistent = true) => GetAsync(new CustomerRef { CustomerId = customerId }, consistent);

    public Task<ScoreExplanation> ExplainAsync(string customerId) =>
        CallAsync<ExplainRequest, ScoreExplanation>(CustomersReflection.Descriptor, "Customers", "Explain", new ExplainRequest { Customer = new CustomerRef { CustomerId = customerId } });

    /// <summary>Explain after a read-your-writes Get, so it sees every event already acknowledged.</summary>
    public async Task<ScoreExplanation> ExplainAfterWriteAsync(string customerId)
    {
        await GetAsync(customerId, consistent: true);
        return await ExplainAsync(customerId);
    }

    public Task<CustomerHistory> HistoryAsync(string customerId) =>
        CallAsync<HistoryRequest, CustomerHistory>(CustomersReflection.Descriptor, "Customers", "History", new HistoryRequest { Customer = new CustomerRef { CustomerId = customerId } });

    public Task<ListSegmentsResponse> SegmentsAsync() =>
        CallAsync<ListSegmentsRequest, ListSegmentsResponse>(SegmentsReflection.Descriptor, "Segments", "List", new ListSegmentsRequest());

    public Task<ContactDecision> RequestContactAsync(string customerId, Channel channel, MessageKind kind = MessageKind.Marketing, string campaign = "spring", string productId = "") =>
        CallAsync<ContactRequest, ContactDecision>(PressureReflection.Descriptor, "ContactPressure", "Request",
            new ContactRequest { CustomerId = customerId, Channel = channel, Kind = kind, Campaign = campaign, ProductId = productId });

    public Task<CommitResponse> CommitAsync(string customerId, string token) =>
        CallAsync<CommitRequest, CommitResponse>(PressureReflection.Descriptor, "ContactPressure", "Commit", new CommitRequest { CustomerId = customerId, ReservationToken = token });

    public Task<TResponse> CallAsync<TRequest, TResponse>(FileDescriptor file, string service, string method, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>
    {
        var descriptor = file.FindTypeByName<ServiceDescriptor>(service).FindMethodByName(method);
        return channel.UnaryAsync(Method<TRequest, TResponse>.FromDescriptor(descriptor), request).ResponseAsync;
    }

    /// <summary>An event that happened now (the fake clock's now), with a unique id.</summary>
    public Event NewEvent(string customerId, Action<Event> shape)
    {
        var @event = new Event
        {
            EventId = $"evt-{Guid.NewGuid():N}",
            CustomerId = customerId,
            OccurredAt = Timestamp.FromDateTimeOffset(now()),
        };
        shape(@event);
        return @event;
    }
}
