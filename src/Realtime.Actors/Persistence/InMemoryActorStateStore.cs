using System.Runtime.CompilerServices;

namespace Realtime.Actors.Persistence;

/// <summary>
/// A store in process memory, with the same contract as the durable ones (versions, atomic batches, due times).
/// For tests, benchmarks and development; it survives a runtime restart as long as the object lives.
/// </summary>
public sealed class InMemoryActorStateStore : IActorStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ActorId, StoredState> _states = [];

    /// <summary>How many states are stored.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _states.Count;
            }
        }
    }

    /// <summary>The stored state of an actor, for assertions; null when none.</summary>
    public StoredState? Peek(ActorId id)
    {
        lock (_gate)
        {
            return _states.GetValueOrDefault(id);
        }
    }

    public ValueTask<StoredState?> ReadAsync(ActorId id, CancellationToken cancellationToken) => new(Peek(id));

    public ValueTask<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var results = new WriteResult[writes.Count];
        lock (_gate)
        {
            for (var i = 0; i < writes.Count; i++)
            {
                var write = writes[i];
                var current = _states.GetValueOrDefault(write.Id)?.Version ?? 0;
                if (current != write.ExpectedVersion)
                {
                    results[i] = new WriteResult(Conflict: true, NewVersion: current);
                    continue;
                }

                // Copy: the store owns what it keeps.
                _states[write.Id] = new StoredState(write.Payload.ToArray(), current + 1, write.LogPosition, write.DueAt);
                results[i] = new WriteResult(Conflict: false, NewVersion: current + 1);
            }
        }

        return new(results);
    }

    public ValueTask DeleteAsync(ActorId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _states.Remove(id);
        }

        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<DueActor> ReadDueAsync(DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<DueActor> due;
        lock (_gate)
        {
            due = [.. _states.Where(s => s.Value.DueAt <= until).Select(s => new DueActor(s.Key, s.Value.DueAt!.Value))];
        }

        foreach (var actor in due.OrderBy(d => d.DueAt))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return actor;
        }

        await Task.CompletedTask;
    }
}
