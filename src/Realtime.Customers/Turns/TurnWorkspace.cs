using Realtime.Customers.Expressions;
using Realtime.Customers.State;

namespace Realtime.Customers.Turns;

/// <summary>
/// Scratch space for turns, owned by one worker (an actor shard's thread) and reused for every turn it runs, so a
/// steady-state turn allocates nothing. Not thread-safe: one turn at a time. <see cref="Changes"/>,
/// <see cref="Before"/> and <see cref="After"/> describe the last turn until the next one starts.
/// </summary>
public sealed class TurnWorkspace
{
    private readonly List<CustomerChange> _changes = new(16);
    private CustomerState? _backup;

    internal EvaluationContext Context { get; } = new();

    public IReadOnlyList<CustomerChange> Changes => _changes;

    /// <summary>The customer as the aggregates knew it before the last turn.</summary>
    public MembershipSnapshot Before { get; internal set; }

    /// <summary>The customer after the last turn (equal to <see cref="Before"/> when nothing moved).</summary>
    public MembershipSnapshot After { get; internal set; }

    internal void Add(in CustomerChange change) => _changes.Add(change);

    /// <summary>Starts a turn: clears the changes and keeps an undo copy of the state (restored if the turn throws).</summary>
    internal void Begin(CustomerState state)
    {
        _changes.Clear();
        Before = MembershipSnapshot.Of(state);
        After = Before;
        _backup ??= new CustomerState(state.Ruleset, state.CustomerId);
        _backup.CopyFrom(state);
    }

    internal void Undo(CustomerState state)
    {
        state.CopyFrom(_backup!);
        _changes.Clear();
        After = Before;
    }

    internal void End(CustomerState state) => After = MembershipSnapshot.Of(state);

    internal void Clear()
    {
        _changes.Clear();
        Before = default;
        After = default;
    }
}
