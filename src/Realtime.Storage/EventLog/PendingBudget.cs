namespace Realtime.Storage.EventLog;

/// <summary>
/// Bounds how many records are in flight (waiting for a group commit, or for ingest's hand-on). Appenders take room
/// for their batch before queueing and wait, first come first served, while the budget is used up; whoever finishes
/// with a batch gives the room back. A batch larger than the whole budget takes all of it, so it can still pass.
/// </summary>
public sealed class PendingBudget(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Queue<Waiter> _waiters = new();
    private int _used;

    public int Used
    {
        get
        {
            lock (_gate)
            {
                return _used;
            }
        }
    }

    /// <summary>Takes room for <paramref name="count"/> records; returns what was taken, to give back with <see cref="Release"/>.</summary>
    public ValueTask<int> AcquireAsync(int count, CancellationToken cancellationToken)
    {
        var take = Math.Min(count, capacity);
        Waiter waiter;
        lock (_gate)
        {
            if (_waiters.Count == 0 && _used + take <= capacity)
            {
                _used += take;
                return ValueTask.FromResult(take);
            }

            waiter = new Waiter(take);
            _waiters.Enqueue(waiter);
        }

        return new ValueTask<int>(WaitAsync(waiter, cancellationToken));
    }

    public void Release(int count)
    {
        lock (_gate)
        {
            _used -= count;
            while (_waiters.TryPeek(out var next))
            {
                if (next.Completion.Task.IsCompleted)
                {
                    _waiters.Dequeue();
                    continue;
                }

                if (_used + next.Count > capacity)
                {
                    break;
                }

                _waiters.Dequeue();
                if (next.Completion.TrySetResult(next.Count))
                {
                    _used += next.Count;
                }
            }
        }
    }

    private static async Task<int> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        // A waiter cancelled before it was granted stays queued until Release skips it; granting and cancelling
        // race through TrySet*, so the room is counted exactly when the grant won.
        await using (cancellationToken.Register(static w => ((Waiter)w!).Completion.TrySetCanceled(), waiter))
        {
            return await waiter.Completion.Task;
        }
    }

    private sealed class Waiter(int count)
    {
        public int Count { get; } = count;

        public TaskCompletionSource<int> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
