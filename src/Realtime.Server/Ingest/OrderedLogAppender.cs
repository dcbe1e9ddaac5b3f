using Realtime.Storage.EventLog;

namespace Realtime.Server.Ingest;

/// <summary>
/// Appends batches to the event log and hands each batch on in the order of its log positions. Actors record the
/// highest log position their state includes and skip anything at or below it on replay, so events of one customer
/// must reach the actor in position order; concurrent batches would otherwise race after their commit.
/// </summary>
/// <remarks>
/// The log assigns positions in the order appends are queued. Each append is queued under a lock that also takes a
/// ticket, so ticket order is position order; <see cref="Sequencer"/> then releases batches in ticket order. That
/// holds as long as the log queues an append synchronously, which it does while it has room: this class bounds the
/// batches in flight so the log's own pending budget is never the one that waits.
/// </remarks>
public sealed class OrderedLogAppender(IEventLog log, int maxBatchesInFlight)
{
    private readonly Lock _order = new();
    private readonly SemaphoreSlim _slots = new(maxBatchesInFlight, maxBatchesInFlight);
    private readonly Sequencer _sequencer = new();
    private long _nextTicket;

    /// <summary>
    /// Appends <paramref name="records"/>, waits until every earlier batch was handed on, then runs
    /// <paramref name="handOn"/> with the results (in turn order), and returns the results.
    /// </summary>
    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(
        IReadOnlyList<EventRecord> records, Func<IReadOnlyList<AppendResult>, CancellationToken, ValueTask> handOn, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        long ticket;
        Task<IReadOnlyList<AppendResult>> append;
        try
        {
            lock (_order)
            {
                ticket = _nextTicket++;
                append = log.AppendAsync(records, cancellationToken).AsTask();
            }
        }
        catch
        {
            _slots.Release();
            throw;
        }

        try
        {
            // A failed append still takes its turn (so later batches are not held up), then rethrows.
            await ((Task)append).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _sequencer.WaitForTurnAsync(ticket);
            var results = await append;
            await handOn(results, cancellationToken);
            return results;
        }
        finally
        {
            _sequencer.Done(ticket);
            _slots.Release();
        }
    }

    /// <summary>Lets tickets through one at a time, in order.</summary>
    private sealed class Sequencer
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<long, TaskCompletionSource> _waiting = [];
        private long _next;

        public Task WaitForTurnAsync(long ticket)
        {
            lock (_gate)
            {
                if (ticket == _next)
                {
                    return Task.CompletedTask;
                }

                var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting.Add(ticket, turn);
                return turn.Task;
            }
        }

        public void Done(long ticket)
        {
            TaskCompletionSource? next;
            lock (_gate)
            {
                _next = ticket + 1;
                if (!_waiting.Remove(_next, out next))
                {
                    return;
                }
            }

            next.SetResult();
        }
    }
}
