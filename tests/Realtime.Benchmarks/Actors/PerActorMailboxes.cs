using System.Collections.Concurrent;

namespace Realtime.Benchmarks.Actors;

/// <summary>
/// The alternative scheduling, for comparison only: Orleans' way, one mailbox per actor, scheduled on the thread
/// pool when it has work (at most one work item per actor, so turns never overlap). Counter actors, no persistence,
/// unbounded per-actor queues: everything here is cheaper than the real runtime except the scheduling itself.
/// </summary>
internal sealed class PerActorMailboxes
{
    private readonly ConcurrentDictionary<string, Mailbox> _actors = new(StringComparer.Ordinal);
    private long _processed;
    private long _target;
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count => _actors.Count;

    /// <summary>Completes once <paramref name="messages"/> more messages have been processed.</summary>
    public Task ExpectAsync(long messages)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _target, Volatile.Read(ref _processed) + messages);
        return _done.Task;
    }

    public void Tell(string key, long message)
    {
        var mailbox = _actors.GetOrAdd(key, static (_, owner) => new Mailbox(owner), this);
        mailbox.Queue.Enqueue(message);
        if (Interlocked.CompareExchange(ref mailbox.Scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
        }
    }

    private void Processed(int count)
    {
        if (Interlocked.Add(ref _processed, count) >= Volatile.Read(ref _target))
        {
            _done.TrySetResult();
        }
    }

    private sealed class Mailbox(PerActorMailboxes owner) : IThreadPoolWorkItem
    {
        public readonly ConcurrentQueue<long> Queue = new();
        public int Scheduled;
        private long _state;

        public void Execute()
        {
            var count = 0;
            while (count < 64 && Queue.TryDequeue(out var message))
            {
                _state += message;
                count++;
            }

            Volatile.Write(ref Scheduled, 0);
            if (!Queue.IsEmpty && Interlocked.CompareExchange(ref Scheduled, 1, 0) == 0)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            }

            owner.Processed(count);
        }
    }
}
