using System.Buffers;

namespace Realtime.Actors;

/// <summary>
/// The logic of one actor type, written as plain code another host could run: the runtime owns addressing,
/// activation, queues, persistence and timers, and calls these members on one thread per actor at a time.
/// </summary>
/// <typeparam name="TState">The actor's state. A class (mutated in place or replaced) or a struct.</typeparam>
/// <typeparam name="TMessage">The messages the actor handles; a struct keeps steady-state Tells allocation-free.</typeparam>
/// <typeparam name="TReply">What a turn returns to an <c>Ask</c> (ignored for Tells).</typeparam>
/// <typeparam name="TChange">The changes a turn emits to the change feed (e.g. "segment entered").</typeparam>
/// <typeparam name="TView">An immutable read view readers get without waiting behind the actor's queue.</typeparam>
/// <remarks>
/// <para><b>Turns are atomic.</b> When <see cref="Handle"/> or <see cref="Wake"/> (or <see cref="GetNextDueTime"/>
/// or <see cref="CreateView"/> after them) throws, the actor gets back its state from before the turn, the changes
/// the turn emitted and the view it requested are dropped, and the exception is reported to the caller and logged.
/// The next turn, and the next save, see the previous state. How the state is given back is
/// <see cref="Rollback"/>, and it is part of the contract:</para>
/// <list type="bullet">
/// <item><see cref="TurnRollback.KeepPassedState"/> (the default, free): the runtime keeps the reference or struct
/// value it passed in. A turn must then throw only before it changes that value: compute, then assign a new state or
/// mutate in place after the last statement that can throw. Struct and immutable states meet this by construction.</item>
/// <item><see cref="TurnRollback.CopyBeforeTurn"/>: the runtime copies the state with <see cref="CopyState"/> before
/// each turn and restores the copy when the turn throws, so a turn may mutate a class state in place and throw at
/// any point. Use it for rich mutable states whose turns cannot be written as compute-then-commit.</item>
/// </list>
/// <para>Turns do no I/O and never block: the runtime loads state before the first turn, saves it write-behind
/// after turns, and hands emitted changes to subscribers after the turn. Views, changes, replies and read results
/// must not keep a reference to a mutable state object (with <see cref="TurnRollback.CopyBeforeTurn"/> the runtime
/// reuses state objects as copy targets).</para>
/// </remarks>
public interface IActorBehavior<TState, TMessage, TReply, TChange, TView>
{
    /// <summary>The actor type name: the <see cref="Persistence.ActorId.Type"/> of every actor this behaviour hosts.</summary>
    string TypeName { get; }

    /// <summary>The state of an actor that was never saved.</summary>
    TState CreateState(string key);

    /// <summary>Rebuilds a saved state from the bytes <see cref="Serialize"/> wrote. Throwing fails the activation.</summary>
    TState Deserialize(string key, ReadOnlySpan<byte> payload);

    /// <summary>Writes the state as bytes for the store. Called on the actor's thread, between turns.</summary>
    void Serialize(TState state, IBufferWriter<byte> output);

    /// <summary>One turn: applies <paramref name="message"/> to <paramref name="state"/> and returns the reply.</summary>
    TReply Handle(ref ActorTurn<TChange> turn, ref TState state, in TMessage message);

    /// <summary>The due-time turn: called with no message once the clock reaches <see cref="GetNextDueTime"/>.</summary>
    void Wake(ref ActorTurn<TChange> turn, ref TState state);

    /// <summary>
    /// The next instant the actor must be woken (a time condition flips), or null for none. Asked after every turn;
    /// the runtime stores it with the state and wakes the actor then, across deactivation and restarts.
    /// </summary>
    DateTimeOffset? GetNextDueTime(TState state);

    /// <summary>Builds the immutable view readers see; called after a turn that called <see cref="ActorTurn{TChange}.PublishView"/>.</summary>
    TView CreateView(TState state);

    /// <summary>How a turn that throws is rolled back (read once, when the runtime is created).</summary>
    /// <value>The default is <see cref="TurnRollback.KeepPassedState"/>: free, for turns that throw before changing the state.</value>
    TurnRollback Rollback => TurnRollback.KeepPassedState;

    /// <summary>
    /// Makes <paramref name="copy"/> an independent copy of <paramref name="source"/> (no shared mutable parts), for
    /// <see cref="TurnRollback.CopyBeforeTurn"/>. <paramref name="copy"/> is the runtime's spare: default at first,
    /// later a state object of any actor of this type that nothing else references; overwrite it in place to keep
    /// turns allocation-free, or assign a new object. Called on the actor's thread, before each turn.
    /// </summary>
    void CopyState(TState source, ref TState copy) =>
        throw new NotSupportedException($"{GetType().Name} declares TurnRollback.CopyBeforeTurn but does not implement CopyState.");
}
