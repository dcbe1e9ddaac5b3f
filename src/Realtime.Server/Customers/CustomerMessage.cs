using Realtime.Contracts.V1;

namespace Realtime.Server.Customers;

/// <summary>What a customer actor is asked to do in one turn.</summary>
public enum CustomerCommand : byte
{
    /// <summary>Apply a stored event (<see cref="CustomerMessage.Event"/>).</summary>
    Event,

    /// <summary>Absorb an identified visitor's state (<see cref="CustomerMessage.Argument"/> is a <see cref="VisitorMerge"/>).</summary>
    Merge,

    /// <summary>Re-evaluate under the active ruleset (after a publish).</summary>
    Rebind,

    /// <summary>
    /// Empty the actor, so it leaves its segments. <see cref="CustomerMessage.Argument"/>: the id of the customer a
    /// visitor is merged into (the visitor keeps and returns what it hands over, see <see cref="MergedVisitor"/>), or
    /// null to keep nothing (privacy erase).
    /// </summary>
    Retire,

    /// <summary>A read queued behind the customer's events (read your writes): <see cref="CustomerMessage.Argument"/> is a <c>Func&lt;CustomerActorState, object?&gt;</c>.</summary>
    Read,

    /// <summary>Contact pressure: <see cref="CustomerMessage.Argument"/> is the request message.</summary>
    PressureRequest,
    PressureCommit,
    PressureRelease,
    PressureReport,
}

/// <summary>A customer actor's message: a struct, so telling an event allocates nothing beyond the event itself.</summary>
public readonly record struct CustomerMessage(CustomerCommand Command, Event? Event = null, object? Argument = null)
{
    public static CustomerMessage ForEvent(Event @event) => new(CustomerCommand.Event, @event);
}

/// <summary>The serialized state of a visitor being merged into a customer (null bytes: the visitor left no state).</summary>
public sealed record VisitorMerge(string AnonymousId, byte[]? VisitorState);
