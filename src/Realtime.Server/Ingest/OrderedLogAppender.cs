using Realtime.Storage;
using Realtime.Storage.EventLog;

namespace Realtime.Server.Ingest;

/// <summary>
/// Appends batches to the event log and hands each batch on in the order of its log positions. Actors record the
/// highest log position their state includes and skip anything at or below it on replay, so events of one customer
/// must reach the actor in position order; concurrent batches would otherwise race after their commit.
/// </summary>
/// <remarks>
/// <para>The log assigns positions in the order appends are queued. Each append is queued under a lock that also takes
/// a ticket, so ticket order is position order; <see cref="Sequencer"/> then releases batches in ticket order. That
/// holds as long as the log queues an append synchronously, which it does while it has room: this class bounds the
/// records in flight to less than the log's own pending budget, so that budget is never the one that waits. It
/// counts records, not batches: a bound in batches sized for the largest batch left a handful of ordinary ones in
/// flight, too few to fill a group commit.</para>
/// <para>The caller's answer has a deadline, the commit does not: a batch that commits after its sender was told
/// UNAVAILABLE is still handed on (in its turn), so the log and the actors never disagree; the sender's retry is then
/// answered as a duplicate.</para>
/// </remarks>
public sealed class OrderedLogAppender(IEventLog log, int maxRecordsInFlight, TimeSpan answerTimeout, TimeProvider clock)
{
    private readonly Lock _order = new();
    private readonly PendingBudget _inFlight = new(maxRecordsInFlight);
    private readonly Sequencer _sequencer = new();
    private long _nextTicket;

    /// <summary>
    /// Appends <paramref name="records"/>; once they are durable and every earlier batch was handed on, runs
    /// <paramref name="handOn"/> with the results. Returns the results, or throws <see cref="StorageUnavailableException"/>
    /// when the log failed or did not answer within the deadline (nothing is acknowledged then).
    /// </summary>
    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(
        IReadOnlyList<EventRecord> records, Func<IReadOnlyList<AppendResult>, ValueTask> handOn, CancellationToken cancellationToken)
    {
        var room = await _inFlight.AcquireAsync(records.Count, cancellationToken);
        long ticket;
        Task<IReadOnlyList<AppendResult>> append;
        try
        {
            lock (_order)
            {
                ticket = _nextTicket++;
                append = log.AppendAsync(records, CancellationToken.None).AsTask();
            }
        }
        catch
        {
            _inFlight.Release(room);
            throw;
        }

        var completion = CompleteInTurnAsync(ticket, append, handOn, room);
        try
        {
            return await completion.WaitAsync(answerTimeout, clock, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new StorageUnavailableException(
                $"The event log did not make {records.Count} records durable within {answerTimeout} (Realtime:AppendTimeout); nothing was acknowledged.", ex);
        }
    }

    // Runs to the end whatever the caller does: waits for the commit's outcome and its turn, hands the batch on.
    private async Task<IReadOnlyList<AppendResult>> CompleteInTurnAsync(long ticket, Task<IReadOnlyList<AppendResult>> append, Func<IReadOnlyList<AppendResult>, ValueTask> handOn, int room)
    {
        try
        {
            // A failed append still takes its turn (so later batches are not held up), then rethrows.
            await ((Task)append).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _sequencer.WaitForTurnAsync(ticket);
            var results = await append;
            await handOn(results);
            return results;
        }
        finally
        {
            _sequencer.Done(ticket);
            _inFlight.Release(room);
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
