namespace Realtime.Actors.Persistence;

/// <summary>The address of a virtual actor: its type name and its key (for customers, the customer id).</summary>
public readonly record struct ActorId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}

/// <summary>
/// An actor's saved state: an opaque payload the actor serialized, the concurrency version, the position of the
/// last event-log entry the state includes (replay starts after it), and the actor's next due time (its durable
/// wake-up), stored together so a save is atomic.
/// </summary>
public sealed record StoredState(ReadOnlyMemory<byte> Payload, long Version, long LogPosition, DateTimeOffset? DueAt);

/// <summary>
/// One write of a batch. <see cref="ExpectedVersion"/> is the version read (0 for an actor never saved); the
/// store accepts the write only if the stored version still equals it (optimistic concurrency).
/// </summary>
public readonly record struct StateWrite(ActorId Id, ReadOnlyMemory<byte> Payload, long ExpectedVersion, long LogPosition, DateTimeOffset? DueAt);

/// <summary>The outcome of one <see cref="StateWrite"/>: the new version, or a conflict (someone else saved first).</summary>
public readonly record struct WriteResult(bool Conflict, long NewVersion);

/// <summary>An actor with a stored due time.</summary>
public readonly record struct DueActor(ActorId Id, DateTimeOffset DueAt);

/// <summary>
/// The persistence seam of <c>Realtime.Actors</c>. The runtime reads state on activation and saves dirty state
/// write-behind, in batches; the durable stores (SQLite, PostgreSQL) and the test stores implement it.
/// </summary>
public interface IActorStateStore
{
    /// <summary>Reads an actor's state; null when it was never saved (or was erased).</summary>
    ValueTask<StoredState?> ReadAsync(ActorId id, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a batch in one transaction where the store can. Results are in the order of <paramref name="writes"/>;
    /// a conflicting write does not fail the others.
    /// </summary>
    ValueTask<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken);

    /// <summary>Removes an actor's state and due time (privacy erase).</summary>
    ValueTask DeleteAsync(ActorId id, CancellationToken cancellationToken);

    /// <summary>Actors whose stored due time is at or before <paramref name="until"/>, so the runtime can wake them after a restart.</summary>
    IAsyncEnumerable<DueActor> ReadDueAsync(DateTimeOffset until, CancellationToken cancellationToken);
}
