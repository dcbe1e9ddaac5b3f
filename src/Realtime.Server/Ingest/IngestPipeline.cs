using Google.Protobuf;
using Realtime.Contracts.V1;
using Realtime.Customers.Turns;
using Realtime.Grpc;
using Realtime.Grpc.Server;
using Realtime.Server.Customers;
using Realtime.Storage;
using Realtime.Storage.EventLog;

namespace Realtime.Server.Ingest;

/// <summary>
/// One batch: validate each event, route it to its actor, append the valid ones to the event log (group commit),
/// hand what was stored to the actors in log order, and answer. An event is acknowledged only once it is durable; a
/// duplicate event id is answered as such and has no second effect; an invalid event is rejected with its reason
/// and the rest of the batch goes through.
/// </summary>
public sealed partial class IngestPipeline(
    OrderedLogAppender appender, CustomerRouter router, CustomerActors actors, IngestMetrics metrics, TimeProvider clock, ILogger logger, ILiveChanges live, Action onDelivered)
{
    /// <summary>The most events one batch may carry (larger batches are refused whole with INVALID_ARGUMENT).</summary>
    public const int MaxBatchEvents = 10_000;

    private readonly long _maxFutureSkewMs = (long)new CustomerEngineOptions().MaxFutureSkew.TotalMilliseconds;

    // During a store outage every batch fails: a line a second with the count of the others, not a line (and a stack
    // trace) per batch from every sender.
    private readonly LogRateGate _unavailableLogs = new(clock, perSecond: 1);
    private long _lastDeliveredPosition;
    private int _payloadBytesPerEvent = 256;

    /// <summary>The highest log position handed to the actors: every event at or below it is in an actor's queue or state.</summary>
    public long LastDeliveredPosition => Interlocked.Read(ref _lastDeliveredPosition);

    public async ValueTask<TrackResponse> TrackAsync(TrackRequest request, CancellationToken cancellationToken)
    {
        var response = new TrackResponse { BatchId = request.BatchId };
        var events = request.Events;
        if (events.Count > MaxBatchEvents)
        {
            throw new RpcException(StatusCode.InvalidArgument, $"A batch may carry at most {MaxBatchEvents} events; this one has {events.Count}. Split it.");
        }

        var receivedAt = clock.GetUtcNow();
        var now = receivedAt.ToUnixTimeMilliseconds();

        // The valid events and their indexes in the request, in plain arrays: a batch's working arrays live until it
        // is durable and handed on, so at full ingest they are among what each collection has to keep.
        var accepted = new Event[events.Count];
        var indexes = new int[events.Count];
        var validCount = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var @event = events[i];
            var (reason, message) = EventValidator.Validate(@event, now, _maxFutureSkewMs);
            if (reason == RejectionReason.None && @event.CustomerId.StartsWith(RouteTarget.VisitorPrefix))
            {
                message = $"customer_id must not start with '{RouteTarget.VisitorPrefix}' (reserved for anonymous visitors)";
                reason = RejectionReason.MissingCustomer;
            }

            if (reason != RejectionReason.None)
            {
                response.Results.Add(new EventResult { Index = i, EventId = @event.EventId, Outcome = EventOutcome.Rejected, Reason = message });
                continue;
            }

            accepted[validCount] = @event;
            indexes[validCount++] = i;
        }

        response.Rejected = response.Results.Count;
        if (validCount > 0)
        {
            try
            {
                // Identity links first: whenever an event is durable, the visitor it identified routes to its
                // customer, and so do that visitor's other events in this batch.
                var linked = await router.RecordIdentitiesAsync(new ArraySegment<Event>(accepted, 0, validCount), cancellationToken);
                var records = new EventRecord[validCount];
                var routed = new RoutedEvent[validCount];
                var payloads = new PayloadBuffer(expectedBytes: (int)Math.Min(int.MaxValue, (long)validCount * _payloadBytesPerEvent * 9 / 8));
                for (var j = 0; j < validCount; j++)
                {
                    var @event = accepted[j];
                    var target = await router.RouteAsync(@event, cancellationToken);
                    records[j] = new EventRecord(@event.EventId, target.Key, @event.OccurredAt.ToDateTimeOffset(), EventTypes.NameOf(@event), payloads.Write(@event));
                    routed[j] = new RoutedEvent(target, @event, 0);
                }

                // A running estimate for the next batch's first chunk (races between batches only blur it).
                _payloadBytesPerEvent = Math.Max(1, ((_payloadBytesPerEvent * 7) + (payloads.Written / validCount)) / 8);
                await appender.AppendAsync(records, appended => HandOnAsync(routed, indexes, appended, linked, response, receivedAt), cancellationToken);
            }
            catch (Exception ex) when (ex is StorageUnavailableException or System.Data.Common.DbException)
            {
                if (_unavailableLogs.TryPass(out var heldBack))
                {
                    LogStoreUnavailable(ex, heldBack);
                }

                throw new RpcException(StatusCode.Unavailable, $"The event log is unavailable ({ex.Message}); nothing of this batch was acknowledged. Retry it: event ids make retries safe.");
            }
        }

        metrics.Record(response.Accepted, response.Duplicates, response.Rejected);
        return response;
    }

    // Runs in log order (one batch at a time), even after the sender stopped waiting: answers duplicates and queues
    // the stored events to their actors. Not cancellable: what the log holds must reach the actors.
    private async ValueTask HandOnAsync(
        RoutedEvent[] routed, int[] indexes, IReadOnlyList<AppendResult> appended, HashSet<string>? linked, TrackResponse response, DateTimeOffset receivedAt)
    {
        // The stored events are gathered at the front of `routed`, in order (a duplicate leaves a gap that later ones fill).
        var storedCount = 0;
        var highest = 0L;
        for (var j = 0; j < appended.Count; j++)
        {
            var routedEvent = routed[j];
            if (appended[j].Duplicate)
            {
                response.Duplicates++;
                response.Results.Add(new EventResult { Index = indexes[j], EventId = routedEvent.Event.EventId, Outcome = EventOutcome.Duplicate, Reason = "already received: no second effect" });
                continue;
            }

            if (linked is not null && linked.Remove(routedEvent.Event.AnonymousId))
            {
                // The customer takes in the visitor's history before the identifying event, so the answer to the
                // next read already counts it.
                var visitor = await actors.RetireVisitorAsync(routedEvent.Event.AnonymousId, routedEvent.Target.Key, CancellationToken.None);
                routedEvent = routedEvent with { Merge = new VisitorMerge(routedEvent.Event.AnonymousId, visitor) };
            }

            routed[storedCount++] = routedEvent with { Position = appended[j].Position };
            highest = Math.Max(highest, appended[j].Position);
        }

        response.Accepted = storedCount;
        await actors.DeliverAsync(routed.AsMemory(0, storedCount), CancellationToken.None);
        live.EventsApplied(storedCount, receivedAt);
        if (highest > 0)
        {
            Interlocked.Exchange(ref _lastDeliveredPosition, highest);
            onDelivered();
        }
    }

    [LoggerMessage(EventId = 1001, EventName = "IngestStoreUnavailable", Level = LogLevel.Warning, Message = "Ingest answered UNAVAILABLE: the event log failed (and {HeldBack} other batches since the last line like this one, not logged)")]
    private partial void LogStoreUnavailable(Exception exception, long heldBack);
}
