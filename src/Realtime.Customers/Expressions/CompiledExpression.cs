using Realtime.Contracts.V1;
using Realtime.Customers.State;

namespace Realtime.Customers.Expressions;

/// <summary>
/// A boolean rule condition, compiled once per ruleset version. It knows what it reads (<see cref="Reads"/>) and,
/// when it depends on time, the next instant its value can change (<see cref="NextChange"/>).
/// </summary>
public sealed class CompiledExpression
{
    private readonly Func<EvaluationContext, bool> _evaluate;
    private readonly Func<EvaluationContext, long>? _nextChange;

    internal CompiledExpression(string text, Operand operand)
    {
        Text = text;
        _evaluate = operand.Bool!;
        _nextChange = operand.NextChange;
        var reads = operand.Reads | (operand.IsTimeDependent ? ReadSet.Time : 0);

        // A condition that reads nothing (a constant) is evaluated on every turn rather than never.
        Reads = reads == 0 ? ReadSet.All : reads;
    }

    public string Text { get; }

    public ulong Reads { get; }

    public bool IsTimeDependent => _nextChange is not null;

    internal bool Evaluate(EvaluationContext context) => _evaluate(context);

    internal long NextChange(EvaluationContext context) => _nextChange is null ? long.MaxValue : _nextChange(context);

    /// <summary>Evaluates against a customer at an instant (tests and tools; the turn uses its own reused context).</summary>
    public bool Evaluate(CustomerState state, DateTimeOffset now, Event? @event = null) =>
        _evaluate(Context(state, now, @event));

    /// <summary>The next instant the value can change with no event, or null if only events can change it.</summary>
    public DateTimeOffset? NextChange(CustomerState state, DateTimeOffset now)
    {
        var next = NextChange(Context(state, now, null));
        return next == long.MaxValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(next);
    }

    private static EvaluationContext Context(CustomerState state, DateTimeOffset now, Event? @event) => new()
    {
        State = state,
        Now = now.ToUnixTimeMilliseconds(),
        Event = @event,
        EventType = @event is null ? "" : Turns.EventTypes.NameOf(@event),
    };
}
