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
/// <para><b>Turns are atomic: compute, then commit.</b> <see cref="Handle"/> and <see cref="Wake"/> receive the
/// state by reference. A turn either throws before it changes anything observable, or assigns a new state / mutates
/// in place after the last statement that can throw. When a turn throws, the runtime keeps the state it had before
/// the turn (the reference or struct value it passed in), drops the changes the turn emitted and any view it
/// requested, and reports the exception to the caller. This keeps rollback free: no copy of a rich state per turn.</para>
/// <para>Turns do no I/O and never block: the runtime loads state before the first turn, saves it write-behind
/// after turns, and hands emitted changes to subscribers after the turn.</para>
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
}
