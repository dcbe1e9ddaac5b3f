namespace Realtime.Actors.Internal;

/// <summary>
/// A bounded multi-producer, single-consumer queue. Producers append under a short lock; the consumer swaps the
/// whole buffer out in O(1) and processes it without the lock (one lock per batch, not per message on its side).
/// A full queue makes producers wait (backpressure); waiting is the only path that allocates.
/// </summary>
internal sealed class ShardQueue<T>
{
    private readonly Lock _gate = new();
    private readonly WorkSignal _signal;
    private readonly List<TaskCompletionSource> _spaceWaiters = [];
    private T[] _incoming;
    private int _count;
    private bool _closed;

    public ShardQueue(int capacity, WorkSignal signal)
    {
        _incoming = new T[capacity];
        _signal = signal;
    }

    public int Count => Volatile.Read(ref _count);

    public bool TryEnqueue(in T item, out bool closed)
    {
        bool wake;
        lock (_gate)
        {
            closed = _closed;
            if (closed || _count == _incoming.Length)
            {
                return false;
            }

            _incoming[_count++] = item;
            wake = _count == 1;
        }

        if (wake)
        {
            _signal.Set();
        }

        return true;
    }

    /// <summary>Appends as many of <paramref name="items"/> as fit, in order, under one lock; returns how many.</summary>
    public int TryEnqueueMany(ReadOnlySpan<T> items, out bool closed)
    {
        int taken;
        bool wake;
        lock (_gate)
        {
            closed = _closed;
            taken = closed ? 0 : Math.Min(items.Length, _incoming.Length - _count);
            if (taken == 0)
            {
                return 0;
            }

            items[..taken].CopyTo(_incoming.AsSpan(_count));
            wake = _count == 0;
            _count += taken;
        }

        if (wake)
        {
            _signal.Set();
        }

        return taken;
    }

    /// <summary>Waits until the queue has room (or is closed); the caller retries its enqueue.</summary>
    public Task WaitForSpaceAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_closed || _count < _incoming.Length)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _spaceWaiters.Add(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Swaps the queued items out. <paramref name="empty"/> must be cleared and as long as the capacity.</summary>
    public T[] Swap(T[] empty, out int count)
    {
        T[] full;
        TaskCompletionSource[]? waiters = null;
        lock (_gate)
        {
            full = _incoming;
            count = _count;
            if (count == 0)
            {
                return empty;
            }

            _incoming = empty;
            _count = 0;
            if (_spaceWaiters.Count > 0)
            {
                waiters = [.. _spaceWaiters];
                _spaceWaiters.Clear();
            }
        }

        Release(waiters);
        return full;
    }

    /// <summary>Refuses further items and wakes waiting producers so they see the queue closed.</summary>
    public void Close()
    {
        TaskCompletionSource[] waiters;
        lock (_gate)
        {
            _closed = true;
            waiters = [.. _spaceWaiters];
            _spaceWaiters.Clear();
        }

        Release(waiters);
        _signal.Set();
    }

    private static void Release(TaskCompletionSource[]? waiters)
    {
        if (waiters is null)
        {
            return;
        }

        foreach (var waiter in waiters)
        {
            waiter.TrySetResult();
        }
    }
}
