namespace Realtime.Actors;

/// <summary>
/// How the runtime gives an actor back its last good state when a turn throws; a behaviour declares it with
/// <see cref="IActorBehavior{TState,TMessage,TReply,TChange,TView}.Rollback"/>.
/// </summary>
public enum TurnRollback
{
    /// <summary>
    /// The runtime keeps the state value it passed to the turn and drops whatever the turn assigned. Correct when a
    /// turn that throws has not changed that value: a struct state, an immutable state that turns replace, or a class
    /// state that turns mutate only after their last statement that can throw (compute, then commit). Free.
    /// </summary>
    KeepPassedState,

    /// <summary>
    /// Before each turn the runtime copies the state with
    /// <see cref="IActorBehavior{TState,TMessage,TReply,TChange,TView}.CopyState"/> into a spare it owns, and when the
    /// turn throws it puts that copy back. Correct for any turn, in-place mutation included, at the cost of one copy
    /// per turn (allocation-free when <c>CopyState</c> reuses the spare it is given).
    /// </summary>
    CopyBeforeTurn,
}
