using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Realtime.Actors.Diagnostics;
using Realtime.Actors.Persistence;

namespace Realtime.Actors.Internal;

/// <summary>
/// One worker loop owning a shard of keys: its activations, dirty list, due queue and timers are touched only by
/// this loop, so none of them is locked. Producers reach it through a bounded <see cref="ShardQueue{T}"/>;
/// everything else (load and save completions, timer ticks, reads, flush, stop) arrives as a command, which runs
/// ahead of queued messages.
/// </summary>
internal sealed partial class Shard<TState, TMessage, TReply, TChange, TView> : IShardCounters
{
    private readonly ActorRuntime<TState, TMessage, TReply, TChange, TView> _runtime;
    private readonly IActorBehavior<TState, TMessage, TReply, TChange, TView> _behavior;
    private readonly IActorStateStore _store;
    private readonly TimeProvider _time;
    private readonly ActorRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly IActorRuntimeObserver? _observer;
    private readonly ActorMetrics _metrics;
    private readonly WorkSignal _signal = new();
    private readonly ConcurrentQueue<Command> _commands = new();
    private readonly Dictionary<string, Activation> _activations = new(StringComparer.Ordinal);
    private readonly ChangeBuffer<TChange> _changes = new();
    private readonly CancellationTokenSource _lifetime = new();
    private Envelope<TMessage, TReply>[] _spare;

    // TurnRollback.CopyBeforeTurn: the state is copied into _spareState before each turn and restored if it throws.
    private readonly bool _copyBeforeTurn;
    private TState _spareState = default!;
    private DateTimeOffset _now;
    private bool _killed;
    private TaskCompletionSource? _stopped;

    public Shard(ActorRuntime<TState, TMessage, TReply, TChange, TView> runtime, ActorMetrics metrics)
    {
        _runtime = runtime;
        _behavior = runtime.Behavior;
        _store = runtime.Store;
        _time = runtime.TimeProvider;
        _options = runtime.Options;
        _logger = runtime.Logger;
        _observer = runtime.Observer;
        _metrics = metrics;
        _copyBeforeTurn = _behavior.Rollback == TurnRollback.CopyBeforeTurn;
        Queue = new ShardQueue<Envelope<TMessage, TReply>>(_options.QueueCapacity, _signal);
        _spare = new Envelope<TMessage, TReply>[Queue.BufferLength];
        RequestSlots = new SemaphoreSlim(_options.QueueCapacity);
        _dueTimer = _time.CreateTimer(static s => ((Shard<TState, TMessage, TReply, TChange, TView>)s!).PostTick(TickKind.Due), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _idleTimer = _time.CreateTimer(static s => ((Shard<TState, TMessage, TReply, TChange, TView>)s!).PostTick(TickKind.Idle), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _saveTimer = _time.CreateTimer(static s => ((Shard<TState, TMessage, TReply, TChange, TView>)s!).PostTick(TickKind.Save), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public ShardQueue<Envelope<TMessage, TReply>> Queue { get; }

    /// <summary>Bounds the reads, erases and deactivations callers may have outstanding on this shard at once.</summary>
    public SemaphoreSlim RequestSlots { get; }

    // Counters: written by the worker only, read by metrics callbacks (a torn read of a long cannot happen on 64-bit).
    public long MessagesProcessed;
    public long TurnFailures;
    public long ActivationsStarted;
    public long ActivationFailures;
    public long ActiveCount;
    public long StatesSaved;
    public long SaveConflicts;
    public long SaveFailures;
    public long SerializeFailures;

    long IShardCounters.ActiveActivations => Volatile.Read(ref ActiveCount);
    long IShardCounters.ActivationsStartedCount => Volatile.Read(ref ActivationsStarted);
    long IShardCounters.ActivationFailureCount => Volatile.Read(ref ActivationFailures);
    long IShardCounters.MessagesProcessedCount => Volatile.Read(ref MessagesProcessed);
    long IShardCounters.TurnFailureCount => Volatile.Read(ref TurnFailures);
    long IShardCounters.QueueDepth => Queue.Count + Volatile.Read(ref _parked);
    long IShardCounters.StatesSavedCount => Volatile.Read(ref StatesSaved);
    long IShardCounters.SaveConflictCount => Volatile.Read(ref SaveConflicts);
    long IShardCounters.SaveFailureCount => Volatile.Read(ref SaveFailures);
    long IShardCounters.SerializeFailureCount => Volatile.Read(ref SerializeFailures);

    private string TypeName => _behavior.TypeName;

    private bool Holding =>
        LoadsFull || (_saveInFlight && _dirty.Count >= _options.MaxDirtyActors);

    public void Post(Command command)
    {
        _commands.Enqueue(command);
        _signal.Set();
    }

    public Task RunAsync() => Task.Run(LoopAsync);

    private async Task LoopAsync()
    {
        while (true)
        {
            RunCommands();
            if (_killed)
            {
                AbortAll();
                return;
            }

            RunDeferredReads();

            if (_stopped is not null && TryFinishStop())
            {
                return;
            }

            if (!Holding)
            {
                var batch = Queue.Swap(_spare, out var count, _urgent);
                if (count > 0)
                {
                    var taken = ++_batchesTaken;
                    ProcessBatch(batch, count);
                    Array.Clear(batch, 0, count);
                    _spare = batch;
                    StartPendingFlushes(taken);
                    continue;
                }

                StartPendingFlushes(long.MaxValue);
            }

            if (_commands.IsEmpty)
            {
                await _signal.WaitAsync();
            }
        }
    }

    private void RunCommands()
    {
        if (_commands.IsEmpty)
        {
            return;
        }

        _now = _time.GetUtcNow();
        while (!_killed && _commands.TryDequeue(out var command))
        {
            try
            {
                command.Run(this);
            }
            catch (Exception ex)
            {
                // A bug must not kill the worker that owns thousands of actors: fail this command, keep going.
                ActorRuntimeLog.WorkerError(_logger, TypeName, ex);
                command.Fail(ex);
            }
        }

        PublishChanges();
    }

    private void ProcessBatch(Envelope<TMessage, TReply>[] batch, int count)
    {
        _now = _time.GetUtcNow();
        if (_urgent.Count > 0)
        {
            RunUrgentInBatch(batch);
        }

        for (var i = 0; i < count; i++)
        {
            // A null key marks a message the urgent lane already ran.
            if (batch[i].Key is not null)
            {
                try
                {
                    Dispatch(ref batch[i]);
                }
                catch (Exception ex)
                {
                    ActorRuntimeLog.WorkerError(_logger, TypeName, ex);
                    batch[i].Sink?.Fail(ex);
                }
            }

            if ((i & UrgentCheckMask) == UrgentCheckMask)
            {
                // Reads, load completions, ticks and urgent Asks do not wait behind a deep batch.
                if (!_commands.IsEmpty)
                {
                    PublishChanges();
                    RunCommands();
                    if (_killed)
                    {
                        FailEnvelopes(batch.AsSpan(i + 1, count - i - 1));
                        return;
                    }
                }

                if (Queue.HasUrgent)
                {
                    RunUrgentFromQueue(batch, i + 1, count);
                }
            }
        }

        PublishChanges();
        if (_dirty.Count >= _options.MaxDirtyActors)
        {
            // Too much unsaved: save early rather than wait for the interval (and hold ingest if a save is slow).
            StartSave();
        }
    }

    private void Dispatch(ref Envelope<TMessage, TReply> envelope)
    {
        if (!_activations.TryGetValue(envelope.Key, out var activation))
        {
            activation = BeginActivation(envelope.Key);
        }

        switch (activation.Status)
        {
            case ActivationStatus.Active:
                RunTurn(activation, in envelope);
                break;
            case ActivationStatus.Loading:
                activation.Parked!.Add(envelope);
                _parked++;
                break;
            default:
                envelope.Sink?.Fail(activation.Failure!);
                break;
        }
    }

    private void PublishChanges()
    {
        if (_changes.Count == 0)
        {
            return;
        }

        foreach (var sink in _runtime.ChangeSinks)
        {
            try
            {
                sink.OnChanges(_changes.AsSpan());
            }
            catch (Exception ex)
            {
                ActorRuntimeLog.ChangeSinkFailed(_logger, TypeName, ex);
            }
        }

        _changes.Clear();
    }

    private void FailEnvelopes(ReadOnlySpan<Envelope<TMessage, TReply>> envelopes)
    {
        foreach (ref readonly var envelope in envelopes)
        {
            envelope.Sink?.Fail(new ActorRuntimeStoppedException(new ActorId(TypeName, envelope.Key)));
        }
    }

    private ActorId IdOf(string key) => new(TypeName, key);

    /// <summary>Calls the observer; its exceptions are logged, never allowed into the worker.</summary>
    private void Notify<TArg>(Action<IActorRuntimeObserver, ActorId, TArg> call, string key, TArg arg)
    {
        if (_observer is null)
        {
            return;
        }

        try
        {
            call(_observer, IdOf(key), arg);
        }
        catch (Exception ex)
        {
            ActorRuntimeLog.ObserverFailed(_logger, TypeName, ex);
        }
    }

    private static ArrayBufferWriter<byte> NewWriter() => new(256);
}
