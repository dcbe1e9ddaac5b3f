using Realtime.Actors.Diagnostics;

namespace Realtime.Actors.Internal;

/// <summary>
/// The urgent lane: an urgent Ask sits in the shard queue in its FIFO place, and the queue records where. The worker
/// runs it ahead of other actors' queued messages, but first runs its own actor's messages queued before it (taken
/// out of the batch and the queue in order, and marked done so they do not run again), so per-actor order holds.
/// </summary>
internal sealed partial class Shard<TState, TMessage, TReply, TChange, TView>
{
    // A power of two, so the check is a mask; a check is one volatile read, and an urgent Ask waits at most this many turns.
    private const int UrgentCheckMask = 64 - 1;

    // Positions of urgent Asks handed over by the queue, in queue order; reused, so the lane allocates nothing.
    private readonly List<int> _urgent = [];

    /// <summary>Runs the urgent Asks the swap found in <paramref name="batch"/>, each after its actor's earlier messages.</summary>
    private void RunUrgentInBatch(Envelope<TMessage, TReply>[] batch)
    {
        foreach (var position in _urgent)
        {
            var key = batch[position].Key;
            RunEarly(batch.AsSpan(0, position), key);
            RunEarly(ref batch[position]);
        }

        _urgent.Clear();
    }

    /// <summary>
    /// Mid-batch: runs the urgent Asks queued since the swap. Everything left of the batch (from
    /// <paramref name="next"/>) was queued before them, so their actor's messages there run first, then those queued
    /// ahead of them in the queue.
    /// </summary>
    private void RunUrgentFromQueue(Envelope<TMessage, TReply>[] batch, int next, int count)
    {
        var incoming = Queue.TakeUrgent(_urgent);
        foreach (var position in _urgent)
        {
            var key = incoming[position].Key;
            RunEarly(batch.AsSpan(next, count - next), key);
            RunEarly(incoming.AsSpan(0, position), key);
            RunEarly(ref incoming[position]);
        }

        _urgent.Clear();

        // What the urgent turns emitted (live pressure pushes) need not wait for the end of the batch.
        PublishChanges();
    }

    /// <summary>Runs, in order, the messages to <paramref name="key"/> in <paramref name="envelopes"/>, marking each done.</summary>
    private void RunEarly(Span<Envelope<TMessage, TReply>> envelopes, string key)
    {
        for (var i = 0; i < envelopes.Length; i++)
        {
            if (envelopes[i].Key == key)
            {
                RunEarly(ref envelopes[i]);
            }
        }
    }

    /// <summary>Dispatches one message out of its queue order, then clears its slot (a null key) so it is skipped later.</summary>
    private void RunEarly(ref Envelope<TMessage, TReply> envelope)
    {
        try
        {
            Dispatch(ref envelope);
        }
        catch (Exception ex)
        {
            ActorRuntimeLog.WorkerError(_logger, TypeName, ex);
            envelope.Sink?.Fail(ex);
        }

        envelope = default;
    }
}
