using System.Runtime.CompilerServices;

namespace Realtime.Actors.Persistence;

/// <summary>
/// Wraps a store and injects what real stores do on bad days: failures, delays (on the injected clock) and stalls
/// that last until the test releases them. Like Orleans' <c>FaultInjectionGrainStorage</c>. Thread-safe.
/// </summary>
public sealed class FaultInjectingActorStateStore(IActorStateStore inner, TimeProvider timeProvider) : IActorStateStore
{
    private readonly Lock _gate = new();
    private readonly Queue<Exception> _readFaults = new();
    private readonly Queue<Exception> _writeFaults = new();
    private readonly Dictionary<ActorId, Exception> _keyReadFaults = [];
    private TaskCompletionSource? _readGate;
    private TaskCompletionSource? _writeGate;
    private readonly TaskCompletionSource _readStalled = NewSignal();
    private readonly TaskCompletionSource _writeStalled = NewSignal();
    private readonly List<(int Count, TaskCompletionSource Done)> _readWaiters = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _writeWaiters = [];
    private int _reads;
    private int _writes;
    private int _stateWrites;

    /// <summary>The wrapped store.</summary>
    public IActorStateStore Inner { get; } = inner;

    /// <summary>Added to every read, on the injected clock (zero by default).</summary>
    public TimeSpan ReadDelay { get; set; }

    /// <summary>Added to every batch write, on the injected clock (zero by default).</summary>
    public TimeSpan WriteDelay { get; set; }

    /// <summary>Reads started (counted once they wait on their delay or stall).</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>Batch writes started (counted once they wait on their delay or stall).</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <summary>States in all batch writes started.</summary>
    public int StateWrites => Volatile.Read(ref _stateWrites);

    /// <summary>The next read (of any actor) throws <paramref name="error"/>.</summary>
    public void FailNextRead(Exception error)
    {
        lock (_gate)
        {
            _readFaults.Enqueue(error);
        }
    }

    /// <summary>Every read of <paramref name="id"/> throws <paramref name="error"/> until <see cref="ClearFaults"/>.</summary>
    public void FailReadsOf(ActorId id, Exception error)
    {
        lock (_gate)
        {
            _keyReadFaults[id] = error;
        }
    }

    /// <summary>The next batch write throws <paramref name="error"/> (nothing of it is stored).</summary>
    public void FailNextWrite(Exception error)
    {
        lock (_gate)
        {
            _writeFaults.Enqueue(error);
        }
    }

    public void ClearFaults()
    {
        lock (_gate)
        {
            _readFaults.Clear();
            _writeFaults.Clear();
            _keyReadFaults.Clear();
        }
    }

    /// <summary>Reads wait from now on until <see cref="ResumeReads"/>.</summary>
    public void StallReads()
    {
        lock (_gate)
        {
            _readGate ??= NewSignal();
        }
    }

    public void ResumeReads()
    {
        lock (_gate)
        {
            _readGate?.TrySetResult();
            _readGate = null;
        }
    }

    /// <summary>Writes wait from now on until <see cref="ResumeWrites"/>.</summary>
    public void StallWrites()
    {
        lock (_gate)
        {
            _writeGate ??= NewSignal();
        }
    }

    public void ResumeWrites()
    {
        lock (_gate)
        {
            _writeGate?.TrySetResult();
            _writeGate = null;
        }
    }

    /// <summary>
    /// Completes once <paramref name="count"/> reads have started, each already waiting on its
    /// <see cref="ReadDelay"/> (so advancing the fake clock by the delay now completes them).
    /// </summary>
    public Task WhenReadsStarted(int count) => WhenStarted(count, ref _reads, _readWaiters);

    /// <summary>Completes once <paramref name="count"/> batch writes have started, each already waiting on its <see cref="WriteDelay"/>.</summary>
    public Task WhenWritesStarted(int count) => WhenStarted(count, ref _writes, _writeWaiters);

    /// <summary>Completes when a read is waiting on a stall.</summary>
    public Task WhenReadStalled => _readStalled.Task;

    /// <summary>Completes when a write is waiting on a stall.</summary>
    public Task WhenWriteStalled => _writeStalled.Task;

    public async ValueTask<StoredState?> ReadAsync(ActorId id, CancellationToken cancellationToken)
    {
        Exception? fault;
        Task? stall;
        lock (_gate)
        {
            fault = _readFaults.Count > 0 ? _readFaults.Dequeue() : _keyReadFaults.GetValueOrDefault(id);
            stall = _readGate?.Task;
            if (stall is not null)
            {
                _readStalled.TrySetResult();
            }
        }

        var waiting = DelayAsync(ReadDelay, stall, cancellationToken); // the delay's timer exists from here on
        Started(ref _reads, _readWaiters);
        await waiting;
        return fault is null ? await Inner.ReadAsync(id, cancellationToken) : throw fault;
    }

    public async ValueTask<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        Interlocked.Add(ref _stateWrites, writes.Count);
        Exception? fault;
        Task? stall;
        lock (_gate)
        {
            fault = _writeFaults.Count > 0 ? _writeFaults.Dequeue() : null;
            stall = _writeGate?.Task;
            if (stall is not null)
            {
                _writeStalled.TrySetResult();
            }
        }

        var waiting = DelayAsync(WriteDelay, stall, cancellationToken);
        Started(ref _writes, _writeWaiters);
        await waiting;
        return fault is null ? await Inner.WriteAsync(writes, cancellationToken) : throw fault;
    }

    public ValueTask DeleteAsync(ActorId id, CancellationToken cancellationToken) => Inner.DeleteAsync(id, cancellationToken);

    public async IAsyncEnumerable<DueActor> ReadDueAsync(DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var due in Inner.ReadDueAsync(until, cancellationToken))
        {
            yield return due;
        }
    }

    private async Task DelayAsync(TimeSpan delay, Task? stall, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }

        if (stall is not null)
        {
            await stall.WaitAsync(cancellationToken);
        }
    }

    private Task WhenStarted(int count, ref int started, List<(int Count, TaskCompletionSource Done)> waiters)
    {
        lock (_gate)
        {
            if (Volatile.Read(ref started) >= count)
            {
                return Task.CompletedTask;
            }

            var done = NewSignal();
            waiters.Add((count, done));
            return done.Task;
        }
    }

    private void Started(ref int started, List<(int Count, TaskCompletionSource Done)> waiters)
    {
        lock (_gate)
        {
            var count = ++started;
            for (var i = waiters.Count - 1; i >= 0; i--)
            {
                if (waiters[i].Count <= count)
                {
                    waiters[i].Done.TrySetResult();
                    waiters.RemoveAt(i);
                }
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
