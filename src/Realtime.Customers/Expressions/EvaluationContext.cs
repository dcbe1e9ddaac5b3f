using Realtime.Contracts.V1;
using Realtime.Customers.State;

namespace Realtime.Customers.Expressions;

/// <summary>The inputs of one evaluation. Reused across turns by its owner (one per worker), so evaluating allocates nothing.</summary>
internal sealed class EvaluationContext
{
    public CustomerState State = null!;

    /// <summary>Unix milliseconds.</summary>
    public long Now;

    /// <summary>The event being applied, or null outside event-triggered rules.</summary>
    public Event? Event;

    public string EventType = "";
}
