using Realtime.Actors.Internal;

namespace Realtime.Actors;

/// <summary>
/// What a turn may see and do besides changing its state: the key, the time, the log position of the message,
/// emitting changes and asking for a new read view. A ref struct so a behaviour cannot keep it past the turn.
/// </summary>
public ref struct ActorTurn<TChange>
{
    private readonly ChangeBuffer<TChange> _changes;

    internal ActorTurn(string key, DateTimeOffset now, long logPosition, ChangeBuffer<TChange> changes)
    {
        Key = key;
        Now = now;
        LogPosition = logPosition;
        _changes = changes;
    }

    /// <summary>The actor's key.</summary>
    public string Key { get; }

    /// <summary>The runtime clock's time for this turn (from the injected <see cref="TimeProvider"/>).</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The event-log position the message carries; 0 for messages without one and for wake-ups.</summary>
    public long LogPosition { get; }

    internal bool ViewRequested { get; private set; }

    internal bool Unchanged { get; private set; }

    /// <summary>Emits a change; subscribers get it after the turn commits, never if the turn throws.</summary>
    public readonly void Emit(in TChange change) => _changes.Add(Key, change, Now, LogPosition);

    /// <summary>Tells the runtime this turn left the state as it was (a query), so it need not be saved for it.</summary>
    public void StateUnchanged() => Unchanged = true;

    /// <summary>Asks the runtime to rebuild the read view (<see cref="IActorBehavior{TState,TMessage,TReply,TChange,TView}.CreateView"/>) after this turn.</summary>
    public void PublishView() => ViewRequested = true;
}
