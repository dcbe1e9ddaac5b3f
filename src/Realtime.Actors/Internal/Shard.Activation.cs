using Realtime.Actors.Diagnostics;
using Realtime.Actors.Persistence;

namespace Realtime.Actors.Internal;

internal sealed partial class Shard<TState, TMessage, TReply, TChange, TView>
{
    // Messages and commands waiting for a state to load (bounded by MaxParkedMessages).
    private int _parked;
    private int _loadsInFlight;

    // Tickets of the loads in flight, in start order: a flush waits for those that started before it (their parked
    // messages were queued before it).
    private readonly SortedSet<long> _loadsPending = [];
    private long _nextLoadTicket;

    // Reads of inactive keys that arrived while the parked bound was reached; they start once it clears.
    private readonly List<Command> _deferredReads = [];

    private bool LoadsFull => _parked >= _options.MaxParkedMessages;

    /// <summary>Runs <paramref name="command"/> once the activation's state has loaded; counts toward the parked bound.</summary>
    private void WaitForLoad(Activation activation, Command command)
    {
        (activation.AfterLoad ??= []).Add(command);
        _parked++;
    }

    /// <summary>Starts the reads that waited for the parked bound, as long as it allows.</summary>
    private void RunDeferredReads()
    {
        if (_deferredReads.Count == 0 || LoadsFull)
        {
            return;
        }

        var waiting = _deferredReads.ToArray();
        _deferredReads.Clear();
        foreach (var read in waiting)
        {
            read.Run(this); // defers itself again if the bound is reached meanwhile
        }
    }

    /// <summary>Creates the activation and starts loading its state; completes at once when the store answers synchronously.</summary>
    private Activation BeginActivation(string key)
    {
        var activation = new Activation(key);
        _activations.Add(key, activation);
        ActivationsStarted++;
        ValueTask<StoredState?> read;
        try
        {
            read = _store.ReadAsync(IdOf(key), _lifetime.Token);
        }
        catch (Exception ex)
        {
            read = ValueTask.FromException<StoredState?>(ex);
        }

        if (read.IsCompleted)
        {
            StoredState? stored = null;
            Exception? error = null;
            try
            {
                stored = read.Result;
            }
            catch (Exception ex)
            {
                error = ex;
            }

            FinishLoad(activation, stored, error);
        }
        else
        {
            activation.Parked = [];
            activation.LoadTicket = _nextLoadTicket++;
            _loadsPending.Add(activation.LoadTicket);
            _loadsInFlight++;
            _ = AwaitLoadAsync(activation, read);
        }

        return activation;
    }

    private async Task AwaitLoadAsync(Activation activation, ValueTask<StoredState?> read)
    {
        StoredState? stored = null;
        Exception? error = null;
        try
        {
            stored = await read;
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Post(new LoadCompleted(activation, stored, error));
    }

    /// <summary>Makes the activation live (then runs what waited for it), or removes it and fails what waited.</summary>
    private void FinishLoad(Activation activation, StoredState? stored, Exception? error)
    {
        var key = activation.Key;
        if (error is null)
        {
            try
            {
                activation.State = stored is null ? _behavior.CreateState(key) : _behavior.Deserialize(key, stored.Payload.Span);
                activation.Version = stored?.Version ?? 0;
                activation.LogPosition = stored?.LogPosition ?? 0;
                activation.DueAt = stored?.DueAt;
            }
            catch (Exception ex)
            {
                error = ex;
            }
        }

        var parked = activation.Parked;
        var afterLoad = activation.AfterLoad;
        activation.Parked = null;
        activation.AfterLoad = null;
        _parked -= (parked?.Count ?? 0) + (afterLoad?.Count ?? 0);

        if (error is not null)
        {
            // Nothing half-made: the key is free again, so the next message retries from the store.
            _activations.Remove(key);
            activation.Status = ActivationStatus.Failed;
            activation.Failure = new ActorActivationException(IdOf(key), error);
            ActivationFailures++;
            ActorRuntimeLog.ActivationFailed(_logger, IdOf(key), error);
            Notify(static (o, id, e) => o.OnActivationFailed(id, e), key, error);
            foreach (var envelope in parked ?? [])
            {
                envelope.Sink?.Fail(activation.Failure);
            }

            foreach (var command in afterLoad ?? [])
            {
                command.Fail(activation.Failure);
            }

            return;
        }

        activation.Status = ActivationStatus.Active;
        activation.LastActiveTicks = _now.UtcTicks;
        ActiveCount++;
        Notify(static (o, id, _) => o.OnActivated(id), key, 0);
        ArmIdleTimerForNewActivation();
        if (activation.DueAt <= _now)
        {
            // Overdue (it fell due while inactive): that time passed before the waiting messages arrived, so wake first.
            WakeIfDue(activation);
        }
        else
        {
            ScheduleDue(activation);
        }

        foreach (var envelope in parked ?? [])
        {
            RunTurn(activation, in envelope);
        }

        foreach (var command in afterLoad ?? [])
        {
            command.Run(this);
        }
    }

    private void Drop(Activation activation, DeactivationReason reason)
    {
        if (_activations.TryGetValue(activation.Key, out var current) && ReferenceEquals(current, activation))
        {
            _activations.Remove(activation.Key);
        }

        activation.Status = ActivationStatus.Dropped;
        ActiveCount--;
        _runtime.RemoveView(activation.Key);
        ActorRuntimeLog.Deactivated(_logger, IdOf(activation.Key), reason);
        Notify(static (o, id, r) => o.OnDeactivated(id, r), activation.Key, reason);
    }

    /// <summary>
    /// One live actor, touched only by its shard's worker. Kept small: the runtime's overhead per activation is this
    /// object plus its dictionary entry.
    /// </summary>
    internal sealed class Activation(string key)
    {
        public readonly string Key = key;
        public TState State = default!;

        /// <summary>The stored version this activation last read or wrote (0 = never saved).</summary>
        public long Version;

        /// <summary>The highest event-log position applied to <see cref="State"/>.</summary>
        public long LogPosition;

        public DateTimeOffset? DueAt;

        /// <summary>The earliest entry this actor has in the shard's due queue, if any.</summary>
        public DateTimeOffset? ScheduledDue;

        public long LastActiveTicks;
        public ActivationStatus Status;

        /// <summary>In the shard's dirty list: changed since its last save started.</summary>
        public bool Dirty;

        public bool SaveInFlight;

        /// <summary>Why the last attempt to serialize this state failed; null once a serialization succeeds.</summary>
        public ActorStateNotSavedException? SaveError;

        /// <summary>Idle: drop once saved, unless a message arrives first.</summary>
        public bool Deactivating;

        /// <summary>Which load this is, while the state loads asynchronously (see <c>_loadsPending</c>).</summary>
        public long LoadTicket = -1;

        /// <summary>Messages that arrived while the state was loading (null once loaded).</summary>
        public List<Envelope<TMessage, TReply>>? Parked;

        /// <summary>Reads and wake-ups that arrived while the state was loading.</summary>
        public List<Command>? AfterLoad;

        public ActorActivationException? Failure;
    }
}

internal enum ActivationStatus : byte
{
    Loading,
    Active,
    Failed,
    Dropped,
}
