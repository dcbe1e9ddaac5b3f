namespace Realtime.Storage;

/// <summary>
/// One writer at a time, in this process: SQLite has a single write lock and makes a waiting connection poll it
/// (sleeping 1 to 100 ms between tries), so writers queue here instead and the next one starts the moment the
/// previous one commits. Urgent writers (the event log's group commit, identity links: a sender waits for them)
/// and background ones (write-behind snapshots, compaction) share the lock by time, urgent ones weighted
/// <see cref="UrgentWeight"/> to 1: while both wait, the next turn goes to the kind that has held the lock least
/// (weighted), so a checkpoint's snapshot saves cannot take the lock from ingest for seconds (one turn each, first
/// come first served or alternating, let acknowledgements fall from 50,000 to 16,000 per second during a flush), and
/// urgent-first cannot starve the snapshots (the replay checkpoint stopped moving). Waiters of one kind are served
/// in arrival order. Hold times come from <paramref name="time"/> (the system clock in the server).
/// </summary>
internal sealed class WriteGate(TimeProvider time)
{
    /// <summary>How many times the background kind's lock time the urgent kind gets while both wait.</summary>
    public const int UrgentWeight = 3;

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _urgent = new();
    private readonly Queue<TaskCompletionSource> _background = new();
    private bool _held;
    private bool _holderUrgent;
    private long _heldSince;

    // Lock time used by each kind, in timestamp ticks, the urgent kind's divided by its weight.
    private long _urgentUsed;
    private long _backgroundUsed;

    public ValueTask<WriteTurn> EnterAsync(bool urgent, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                Grant(urgent);
                return ValueTask.FromResult(new WriteTurn(this));
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (urgent ? _urgent : _background).Enqueue(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>Hands the turn to the next waiter (of the kind that has held the lock least), or frees it.</summary>
    public void Exit()
    {
        lock (_lock)
        {
            var used = time.GetTimestamp() - _heldSince;
            if (_holderUrgent)
            {
                _urgentUsed += used / UrgentWeight;
            }
            else
            {
                _backgroundUsed += used;
            }
        }

        while (true)
        {
            TaskCompletionSource? next;
            lock (_lock)
            {
                // A kind nobody waits for does not bank time: it comes back level with the other.
                if (_urgent.Count == 0)
                {
                    _urgentUsed = Math.Max(_urgentUsed, _backgroundUsed);
                }

                if (_background.Count == 0)
                {
                    _backgroundUsed = Math.Max(_backgroundUsed, _urgentUsed);
                }

                var urgent = _urgent.Count > 0 && (_background.Count == 0 || _urgentUsed < _backgroundUsed
                    || (_urgentUsed == _backgroundUsed && !_holderUrgent));
                if (!(urgent ? _urgent : _background).TryDequeue(out next))
                {
                    _held = false;
                    return;
                }

                Grant(urgent);
            }

            // A waiter cancelled before its grant is skipped; granting and cancelling race through TrySet*.
            if (next.TrySetResult())
            {
                return;
            }
        }
    }

    private void Grant(bool urgent)
    {
        _holderUrgent = urgent;
        _heldSince = time.GetTimestamp();
    }

    private async ValueTask<WriteTurn> WaitAsync(TaskCompletionSource waiter, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter))
        {
            await waiter.Task;
        }

        return new WriteTurn(this);
    }
}
