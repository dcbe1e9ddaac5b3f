namespace Realtime.Actors;

/// <summary>A change a turn emitted, with the actor key, the turn's time and the log position of its message.</summary>
public readonly record struct ActorChange<TChange>(string Key, TChange Change, DateTimeOffset At, long LogPosition);

/// <summary>
/// Receives the change feed. Called on a runtime worker after each batch of turns, in turn order per actor: it must
/// be quick and must not block (copy into a channel or an aggregate and return).
/// </summary>
public interface IActorChangeSink<TChange>
{
    void OnChanges(ReadOnlySpan<ActorChange<TChange>> changes);
}
