using Realtime.Actors.Persistence;

namespace Realtime.Actors;

/// <summary>Why an activation was dropped.</summary>
public enum DeactivationReason
{
    /// <summary>Idle for longer than the idle timeout; its state was saved first.</summary>
    Idle,

    /// <summary>A save found a newer version in the store: this activation was stale and its unsaved turns are dropped.</summary>
    Conflict,

    /// <summary>The runtime stopped gracefully after saving.</summary>
    Shutdown,

    /// <summary>Erased on request (privacy): dropped without saving, its stored state deleted.</summary>
    Erased,
}

/// <summary>
/// Lifecycle notifications for diagnostics and tests, called on a runtime worker; implementations must be quick.
/// All members have empty defaults.
/// </summary>
public interface IActorRuntimeObserver
{
    void OnActivated(ActorId id)
    {
    }

    void OnActivationFailed(ActorId id, Exception error)
    {
    }

    void OnDeactivated(ActorId id, DeactivationReason reason)
    {
    }

    void OnTurnFailed(ActorId id, Exception error)
    {
    }

    /// <summary>A write-behind batch finished: <paramref name="saved"/> states stored, <paramref name="conflicts"/> rejected.</summary>
    void OnSaved(int saved, int conflicts)
    {
    }
}
