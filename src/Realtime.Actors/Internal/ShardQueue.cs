namespace Realtime.Actors.Internal;

/// <summary>
/// A bounded multi-producer, single-consumer queue. Producers append under a short lock; the consumer swaps the
/// whole buffer out in O(1) and processes it without the lock (one lock per batch, not per message on its side).
/// A full queue makes producers wait (backpressure); waiting is the only path that allocates.
/// Urgent items (interactive Asks) take their place in the same FIFO order, so the consumer knows exactly which
/// items precede them; the queue records their positions so the consumer can find them without scanning, and keeps
/// <see cref="UrgentHeadroom"/> slots beyond the capacity for them, so a queue full of ingest does not hold them back.
/// </summary>
internal sealed class ShardQueue<T>
{
    /// <summary>Slots beyond the capacity that only urgent items may use.</summary>
    public const int UrgentHeadroom = 1_024;

    private readonly Lock _gate = new();
    private readonly WorkSignal _signal;
    private readonly List<TaskCompletionSource> _spaceWaiters = [];
    private readonly int _capacity;
    private readonly List<int> _urgentPositions = [];
    private T[] _incoming;
    private int _count;
    private int _urgentCount;
    private bool _closed;

    public ShardQueue(int capacity, WorkSignal signal)
    {
        _capacity = capacity;
        _incoming = new T[capacity + UrgentHeadroom];
        _signal = signal;
    }

    public int Count => Volatile.Read(ref _count);

    /// <summary>The length of every buffer this queue swaps (capacity plus the urgent headroom).</summary>
    public int BufferLength => _capacity + UrgentHeadroom;

    /// <summary>True while urgent items wait in the incoming buffer (read without the lock: a hint, checked often).</summary>
    public bool HasUrgent => Volatile.Read(ref _urgentCount) > 0;

    public bool TryEnqueue(in T item, out bool closed)
    {
        bool wake;
        lock (_gate)
        {
            closed = _closed;
            if (closed || _count >= _capacity)
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

    /// <summary>Appends an urgent item and records its position; it may use the headroom beyond the capacity.</summary>
    public bool TryEnqueueUrgent(in T item, out bool closed)
    {
        bool wake;
        lock (_gate)
        {
            closed = _closed;
            if (closed || _count == _incoming.Length)
            {
                return false;
            }

            _urgentPositions.Add(_count);
            _incoming[_count++] = item;
            Volatile.Write(ref _urgentCount, _urgentPositions.Count);
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
            taken = closed ? 0 : Math.Min(items.Length, _capacity - _count);
            if (taken <= 0)
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
            if (_closed || _count < _capacity)
            {
                return Task.CompletedTask;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _spaceWaiters.Add(waiter);
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Swaps the queued items out. <paramref name="empty"/> must be cleared and <see cref="BufferLength"/> long.
    /// <paramref name="urgent"/> (empty) receives the positions of the urgent items in the returned buffer, in order.
    /// </summary>
    public T[] Swap(T[] empty, out int count, List<int> urgent)
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
            MoveUrgentPositions(urgent);

            if (_spaceWaiters.Count > 0)
            {
                waiters = [.. _spaceWaiters];
                _spaceWaiters.Clear();
            }
        }

        Release(waiters);
        return full;
    }

    /// <summary>
    /// Hands the consumer the urgent items queued so far without swapping: <paramref name="urgent"/> (empty) receives
    /// their positions, in order, and the buffer they are in is returned. The slots up to the last position stay as
    /// they are until the consumer's next <see cref="Swap"/> (producers only append), so the consumer may read them,
    /// and mark the ones it runs early, without the lock.
    /// </summary>
    public T[] TakeUrgent(List<int> urgent)
    {
        lock (_gate)
        {
            MoveUrgentPositions(urgent);
            return _incoming;
        }
    }

    private void MoveUrgentPositions(List<int> urgent)
    {
        if (_urgentCount == 0)
        {
            return;
        }

        urgent.AddRange(_urgentPositions);
        _urgentPositions.Clear();
        _urgentCount = 0;
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
