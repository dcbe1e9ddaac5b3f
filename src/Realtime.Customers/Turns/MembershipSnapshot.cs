using Realtime.Contracts.V1;
using Realtime.Customers.Rules;
using Realtime.Customers.State;

namespace Realtime.Customers.Turns;

/// <summary>
/// What the segment aggregates need of one customer, before and after a turn: feeding both to
/// <see cref="Aggregates.SegmentAggregates.Apply"/> keeps sizes, sums and the matrix exact without scanning customers.
/// </summary>
public readonly record struct MembershipSnapshot(CompiledRuleset? Ruleset, bool Exists, double Score, string Grade, LifecycleStage Stage, SegmentSet Segments)
{
    public static MembershipSnapshot Of(CustomerState state) =>
        new(state.Ruleset, state.HasSeenEvents, state.Score, state.Grade, state.Stage, state.Segments);
}
