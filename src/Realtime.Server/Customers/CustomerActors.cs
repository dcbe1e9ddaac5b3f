using System.Buffers;
using System.Diagnostics.Metrics;
using Realtime.Actors;
using Realtime.Actors.Persistence;
using Realtime.Customers.Aggregates;
using Realtime.Customers.Turns;
using Realtime.Server.Rules;
using Realtime.Storage.State;

using CustomerRuntime = Realtime.Actors.ActorRuntime<
    Realtime.Server.Customers.CustomerActorState, Realtime.Server.Customers.CustomerMessage, object?, Realtime.Server.Customers.CustomerFeedItem, Realtime.Actors.None>;

namespace Realtime.Server.Customers;

/// <summary>
/// The live customers: one actor runtime for known customers and one for anonymous visitors, over the same store,
/// plus what the runtime feeds (segment aggregates, visitor merges, live push).
/// </summary>
public sealed partial class CustomerActors : IAsyncDisposable
{
    public const string CustomerType = "customer";
    public const string VisitorType = "visitor";

    private readonly CustomerActorBehavior _customerBehavior;
    private readonly CustomerActorBehavior _visitorBehavior;
    private readonly IDisposable[] _subscriptions;
    private readonly ILogger _logger;

    public CustomerActors(
        IActorStateStore store, ActiveRuleset rules, CustomerFeed feed, TimeProvider clock, ActorRuntimeOptions options,
        ILoggerFactory loggerFactory, IMeterFactory meterFactory)
    {
        Engine = new CustomerEngine();
        Rules = rules;
        _logger = loggerFactory.CreateLogger<CustomerActors>();
        _customerBehavior = new CustomerActorBehavior(CustomerType, Engine, rules);
        _visitorBehavior = new CustomerActorBehavior(VisitorType, Engine, rules);
        Customers = ActorRuntime.Create(_customerBehavior, store, clock, options, loggerFactory, meterFactory);
        Visitors = ActorRuntime.Create(_visitorBehavior, store, clock, options, loggerFactory, meterFactory);
        _subscriptions = [Customers.Subscribe(feed.ForCustomers(this)), Visitors.Subscribe(feed.ForVisitors())];
    }

    public CustomerEngine Engine { get; }

    public ActiveRuleset Rules { get; }

    public CustomerRuntime Customers { get; }

    public CustomerRuntime Visitors { get; }

    public CustomerRuntime RuntimeFor(in RouteTarget target) => target.IsVisitor ? Visitors : Customers;

    /// <summary>
    /// Counts every stored customer and visitor into the segment statistics. Runs at start, before any turn, so
    /// each later turn moves the statistics from exactly what was counted. A state that cannot be read is logged
    /// and left out (its actor fails to activate the same way).
    /// </summary>
    public async Task<long> RestoreStatisticsAsync(ActorStateStore store, SegmentAggregates aggregates, CancellationToken cancellationToken)
    {
        long counted = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        foreach (var (type, behavior) in new[] { (CustomerType, _customerBehavior), (VisitorType, _visitorBehavior) })
        {
            // Reading is cheap; decoding a state is not: decode on every core (a million customers in seconds).
            await Parallel.ForEachAsync(store.ReadAllAsync(type, cancellationToken), parallel, (row, _) =>
            {
                try
                {
                    aggregates.Restore(MembershipSnapshot.Of(behavior.Deserialize(row.Key, row.Payload).Customer));
                    Interlocked.Increment(ref counted);
                }
                catch (Exception ex) when (ex is InvalidDataException or ArgumentException or InvalidOperationException or IndexOutOfRangeException or EndOfStreamException)
                {
                    LogUnreadableState(ex, type, row.Key);
                }

                return ValueTask.CompletedTask;
            });
        }

        return counted;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Customers.StartAsync(cancellationToken);
        await Visitors.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await Customers.StopAsync(cancellationToken);
        await Visitors.StopAsync(cancellationToken);
    }

    /// <summary>Queues stored events to their actors, in order (waits while the actors' queues are full).</summary>
    public async ValueTask DeliverAsync(ReadOnlyMemory<RoutedEvent> events, CancellationToken cancellationToken)
    {
        if (events.IsEmpty)
        {
            return;
        }

        var customers = ArrayPool<ActorMessage<CustomerMessage>>.Shared.Rent(events.Length * 2);
        var visitors = ArrayPool<ActorMessage<CustomerMessage>>.Shared.Rent(events.Length);
        try
        {
            int customerCount = 0, visitorCount = 0;
            foreach (var routed in events.Span)
            {
                if (routed.Merge is { } merge)
                {
                    customers[customerCount++] = new ActorMessage<CustomerMessage>(routed.Target.Key, new CustomerMessage(CustomerCommand.Merge, Argument: merge));
                }

                var message = new ActorMessage<CustomerMessage>(routed.Target.Key, CustomerMessage.ForEvent(routed.Event), routed.Position);
                if (routed.Target.IsVisitor)
                {
                    visitors[visitorCount++] = message;
                }
                else
                {
                    customers[customerCount++] = message;
                }
            }

            if (customerCount > 0)
            {
                await Customers.TellManyAsync(customers.AsMemory(0, customerCount), cancellationToken);
            }

            if (visitorCount > 0)
            {
                await Visitors.TellManyAsync(visitors.AsMemory(0, visitorCount), cancellationToken);
            }
        }
        finally
        {
            ArrayPool<ActorMessage<CustomerMessage>>.Shared.Return(customers, clearArray: true);
            ArrayPool<ActorMessage<CustomerMessage>>.Shared.Return(visitors, clearArray: true);
        }
    }

    /// <summary>Saves every dirty actor of both runtimes (a checkpoint: everything delivered before is durable).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await Customers.FlushAsync(cancellationToken);
        await Visitors.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Retires the visitor <paramref name="anonymousId"/> into the customer who identified them and returns the state it
    /// held, as bytes to merge (null when it held none, or was already merged into another customer). The visitor leaves
    /// its segments, so the aggregates count each person once. Waits for the visitor's queued events. Asking again for
    /// the same customer returns the same state: the replay of an identifying event after a crash merges it again.
    /// </summary>
    public async Task<byte[]?> RetireVisitorAsync(string anonymousId, string customerKey, CancellationToken cancellationToken) =>
        (byte[]?)await Visitors.AskAsync(
            RouteTarget.VisitorKey(anonymousId), new CustomerMessage(CustomerCommand.Retire, Argument: customerKey), cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }

        await Customers.DisposeAsync();
        await Visitors.DisposeAsync();
    }

    [LoggerMessage(EventId = 2101, EventName = "UnreadableState", Level = LogLevel.Warning, Message = "The stored state of {ActorType} {Key} cannot be read; it is left out of the segment statistics")]
    private partial void LogUnreadableState(Exception exception, string actorType, string key);
}
