using System.Threading.Channels;
using Realtime.Actors;
using Realtime.Customers.Aggregates;

namespace Realtime.Server.Customers;

/// <summary>
/// Consumes the customer actors' change feed: keeps the segment aggregates exact (from each turn's before/after),
/// merges identified visitors into their customers, and forwards what live subscribers see. Called on runtime
/// workers, so it only does quick in-memory work and hands anything slower to a background loop.
/// </summary>
public sealed partial class CustomerFeed(SegmentAggregates aggregates, ILiveChanges live, ILogger<CustomerFeed> logger) : IAsyncDisposable
{
    private readonly Channel<MergeRequest> _merges =
        Channel.CreateBounded<MergeRequest>(new BoundedChannelOptions(65_536) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private Task? _mergeLoop;

    public SegmentAggregates Aggregates => aggregates;

    public IActorChangeSink<CustomerFeedItem> ForCustomers(CustomerActors actors)
    {
        _mergeLoop ??= Task.Run(() => MergeLoopAsync(actors));
        return new Sink(this, isVisitor: false);
    }

    public IActorChangeSink<CustomerFeedItem> ForVisitors() => new Sink(this, isVisitor: true);

    public async ValueTask DisposeAsync()
    {
        _merges.Writer.TryComplete();
        if (_mergeLoop is not null)
        {
            await _mergeLoop;
        }
    }

    private void OnChanges(ReadOnlySpan<ActorChange<CustomerFeedItem>> changes, bool isVisitor)
    {
        foreach (ref readonly var change in changes)
        {
            var item = change.Change;
            switch (item.Kind)
            {
                case FeedKind.Membership:
                    aggregates.Apply(item.Before, item.After, change.At);
                    break;
                case FeedKind.Segment:
                    live.SegmentChanged(change.Key, isVisitor, item.Change);
                    break;
                case FeedKind.Pressure:
                    live.PressureChanged(item.Pressure!);
                    break;
                case FeedKind.Touched:
                    live.CustomerChanged(change.Key, isVisitor);
                    break;
                case FeedKind.MergeNeeded when !isVisitor:
                    if (!_merges.Writer.TryWrite(new MergeRequest(change.Key, item.AnonymousId!, null)))
                    {
                        // Bounded, and a runtime worker must not block: past 65,536 queued identifications the merge
                        // is not done, and says so in the log.
                        LogMergeQueueFull(change.Key, item.AnonymousId!);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Completes once every merge asked for before the call has been handed to its customer (the customer's consistent
    /// reads then include it). After a restart's replay, whose identifying events ask for their merges again.
    /// </summary>
    public async Task MergesHandedOnAsync(CancellationToken cancellationToken)
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _merges.Writer.WriteAsync(new MergeRequest("", "", drained), cancellationToken);
        await drained.Task.WaitAsync(cancellationToken);
    }

    private async Task MergeLoopAsync(CustomerActors actors)
    {
        await foreach (var (customerId, anonymousId, drained) in _merges.Reader.ReadAllAsync())
        {
            if (drained is not null)
            {
                drained.TrySetResult();
                continue;
            }

            try
            {
                var visitor = await actors.RetireVisitorAsync(anonymousId, customerId, CancellationToken.None);
                await actors.Customers.TellAsync(customerId, new CustomerMessage(CustomerCommand.Merge, Argument: new VisitorMerge(anonymousId, visitor)));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogMergeFailed(ex, customerId, anonymousId);
            }
        }
    }

    [LoggerMessage(EventId = 2001, EventName = "MergeQueueFull", Level = LogLevel.Error, Message = "Merge of visitor {AnonymousId} into {CustomerId} not queued: the merge queue is full")]
    private partial void LogMergeQueueFull(string customerId, string anonymousId);

    [LoggerMessage(EventId = 2002, EventName = "MergeFailed", Level = LogLevel.Error, Message = "Merging visitor {AnonymousId} into {CustomerId} failed")]
    private partial void LogMergeFailed(Exception exception, string customerId, string anonymousId);

    // A visitor to merge into a customer, or (Drained set, no ids) a marker completed once the loop reaches it.
    private readonly record struct MergeRequest(string CustomerId, string AnonymousId, TaskCompletionSource? Drained);

    private sealed class Sink(CustomerFeed feed, bool isVisitor) : IActorChangeSink<CustomerFeedItem>
    {
        public void OnChanges(ReadOnlySpan<ActorChange<CustomerFeedItem>> changes) => feed.OnChanges(changes, isVisitor);
    }
}
