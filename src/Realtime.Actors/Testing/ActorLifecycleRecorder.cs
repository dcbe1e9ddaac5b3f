using Realtime.Actors.Persistence;

namespace Realtime.Actors.Testing;

/// <summary>What happened to an activation, in the order the runtime reported it.</summary>
public enum ActorLifecycleEventKind
{
    Activated,
    ActivationFailed,
    Deactivated,
    TurnFailed,
}

/// <summary>One lifecycle event; <see cref="Sequence"/> counts from 1.</summary>
public sealed record ActorLifecycleEvent(long Sequence, ActorLifecycleEventKind Kind, ActorId Id, DeactivationReason? Reason = null, Exception? Error = null);

/// <summary>
/// Records lifecycle events and lets a test wait for one on an explicit signal (no polling, no sleeps).
/// </summary>
public sealed class ActorLifecycleRecorder : IActorRuntimeObserver
{
    private readonly Lock _gate = new();
    private readonly List<ActorLifecycleEvent> _events = [];
    private readonly List<(Func<ActorLifecycleEvent, bool> Match, long After, TaskCompletionSource<ActorLifecycleEvent> Done)> _waiters = [];

    /// <summary>The sequence of the last event; pass it to <see cref="WaitForAsync"/> to wait for later events only.</summary>
    public long Sequence
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    public IReadOnlyList<ActorLifecycleEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>How many events of <paramref name="kind"/> concern the actor with <paramref name="key"/>.</summary>
    public int Count(ActorLifecycleEventKind kind, string key)
    {
        lock (_gate)
        {
            return _events.Count(e => e.Kind == kind && e.Id.Key == key);
        }
    }

    /// <summary>Completes with the first event after <paramref name="after"/> that matches (possibly one already recorded).</summary>
    public Task<ActorLifecycleEvent> WaitForAsync(Func<ActorLifecycleEvent, bool> match, long after = 0)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (_gate)
        {
            for (var i = (int)after; i < _events.Count; i++)
            {
                if (match(_events[i]))
                {
                    return Task.FromResult(_events[i]);
                }
            }

            var done = new TaskCompletionSource<ActorLifecycleEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, after, done));
            return done.Task;
        }
    }

    /// <summary>Waits for the actor with <paramref name="key"/> to be deactivated (after <paramref name="after"/>).</summary>
    public Task<ActorLifecycleEvent> WaitForDeactivationAsync(string key, long after = 0) =>
        WaitForAsync(e => e.Kind == ActorLifecycleEventKind.Deactivated && e.Id.Key == key, after);

    void IActorRuntimeObserver.OnActivated(ActorId id) => Record(ActorLifecycleEventKind.Activated, id, null, null);

    void IActorRuntimeObserver.OnActivationFailed(ActorId id, Exception error) => Record(ActorLifecycleEventKind.ActivationFailed, id, null, error);

    void IActorRuntimeObserver.OnDeactivated(ActorId id, DeactivationReason reason) => Record(ActorLifecycleEventKind.Deactivated, id, reason, null);

    void IActorRuntimeObserver.OnTurnFailed(ActorId id, Exception error) => Record(ActorLifecycleEventKind.TurnFailed, id, null, error);

    private void Record(ActorLifecycleEventKind kind, ActorId id, DeactivationReason? reason, Exception? error)
    {
        List<TaskCompletionSource<ActorLifecycleEvent>>? done = null;
        ActorLifecycleEvent recorded;
        lock (_gate)
        {
            recorded = new ActorLifecycleEvent(_events.Count + 1, kind, id, reason, error);
            _events.Add(recorded);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].After < recorded.Sequence && _waiters[i].Match(recorded))
                {
                    (done ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in done ?? [])
        {
            waiter.TrySetResult(recorded);
        }
    }
}
