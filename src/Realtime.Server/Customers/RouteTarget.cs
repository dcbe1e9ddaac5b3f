using Realtime.Contracts.V1;

namespace Realtime.Server.Customers;

/// <summary>
/// Where an event goes: a known customer's actor, or an anonymous visitor's actor until the visitor is identified.
/// <see cref="Key"/> is both the actor key and the event log's key: the customer id, or <c>~</c> + the anonymous id
/// (customer ids may not start with <c>~</c>, so the two never collide).
/// </summary>
public readonly record struct RouteTarget(string Key)
{
    public const char VisitorPrefix = '~';

    public bool IsVisitor => Key.Length > 0 && Key[0] == VisitorPrefix;

    public static RouteTarget Customer(string customerId) => new(customerId);

    public static RouteTarget Visitor(string anonymousId) => new(VisitorKey(anonymousId));

    public static string VisitorKey(string anonymousId) => VisitorPrefix + anonymousId;
}

/// <summary>
/// A stored event on its way to its actor, with its event-log position, and the visitor it identified when that
/// visitor is to be merged into the customer first.
/// </summary>
public readonly record struct RoutedEvent(RouteTarget Target, Event Event, long Position, VisitorMerge? Merge = null);
