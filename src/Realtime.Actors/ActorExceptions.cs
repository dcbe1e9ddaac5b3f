using Realtime.Actors.Persistence;

namespace Realtime.Actors;

/// <summary>Base of the runtime's exceptions; names the actor.</summary>
public abstract class ActorException(ActorId id, string message, Exception? inner) : Exception(message, inner)
{
    public ActorId ActorId { get; } = id;
}

/// <summary>A turn threw; the actor kept its previous state. <see cref="Exception.InnerException"/> is the behaviour's exception.</summary>
public sealed class ActorTurnException(ActorId id, Exception inner)
    : ActorException(id, $"Actor {id}: the turn threw {inner.GetType().Name}: {inner.Message}. The actor kept its previous state.", inner);

/// <summary>The actor could not be activated (the store read or deserialization failed); the next message retries.</summary>
public sealed class ActorActivationException(ActorId id, Exception inner)
    : ActorException(id, $"Actor {id}: activation failed: {inner.Message}", inner);

/// <summary>An Ask got no reply in time. The message may still be processed later (unknown outcome, as in Orleans).</summary>
public sealed class ActorAskTimeoutException(ActorId id, TimeSpan timeout)
    : ActorException(id, $"Actor {id}: no reply within {timeout}. The message may still be processed.", null);

/// <summary>The runtime is stopped or was killed; the message was not (or may not have been) processed.</summary>
public sealed class ActorRuntimeStoppedException(ActorId id)
    : ActorException(id, $"Actor {id}: the actor runtime is stopped.", null);

/// <summary>
/// The actor's state could not be serialized for a save (<see cref="Exception.InnerException"/> is the behaviour's
/// exception). The actor stays active with its unsaved state, and the next save retries it.
/// </summary>
public sealed class ActorStateNotSavedException(ActorId id, Exception inner)
    : ActorException(id, $"Actor {id}: its state could not be serialized ({inner.GetType().Name}: {inner.Message}). It stays active and unsaved; the next save retries it.", inner);
