using Realtime.Customers.Rules;

namespace Realtime.Customers.Expressions;

/// <summary>What an expression may refer to where it is written, and where it records the event types it reads.</summary>
internal sealed class CompileScope
{
    public required EventTypeTable Types { get; init; }

    /// <summary>True in event-triggered rules (<c>on:</c>), where <c>event.*</c> fields exist.</summary>
    public bool AllowEventFields { get; init; }

    /// <summary>Timestamps kept for a windowed count whose threshold is not a constant.</summary>
    public int DefaultWindowCapacity { get; init; } = 16;
}
