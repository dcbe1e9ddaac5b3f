namespace Realtime.Storage;

/// <summary>
/// One writer at a time, in this process, with the ingest path first: SQLite has a single write lock and makes a
/// waiting connection poll it (sleeping 1 to 100 ms between tries), so writers queue here instead and the next one
/// starts the moment the previous one commits. Urgent writers (the event log's group commit, identity links; a
/// sender waits for them) and background ones (write-behind snapshots, compaction) take turns when both wait:
/// first come first served let dozens of snapshot batches hold every acknowledgement up, urgent-first starved the
/// snapshots (the replay checkpoint stopped moving). Waiters of one kind are served in arrival order.
/// </summary>
internal sealed class WriteGate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _urgent = new();
    private readonly Queue<TaskCompletionSource> _background = new();
    private bool _held;
    private bool _lastWasUrgent;

    public ValueTask<WriteTurn> EnterAsync(bool urgent, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                _lastWasUrgent = urgent;
                return ValueTask.FromResult(new WriteTurn(this));
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (urgent ? _urgent : _background).Enqueue(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>Hands the turn to the next waiter (the other kind than the last, when both wait), or frees it.</summary>
    public void Exit()
    {
        while (true)
        {
            TaskCompletionSource? next;
            lock (_lock)
            {
                var urgent = _urgent.Count > 0 && !(_lastWasUrgent && _background.Count > 0);
                if (!(urgent ? _urgent : _background).TryDequeue(out next))
                {
                    _held = false;
                    return;
                }

                _lastWasUrgent = urgent;
            }

            // A waiter cancelled before its grant is skipped; granting and cancelling race through TrySet*.
            if (next.TrySetResult())
            {
                return;
            }
        }
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
