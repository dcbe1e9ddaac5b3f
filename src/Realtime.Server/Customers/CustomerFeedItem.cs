using Realtime.Contracts.V1;
using Realtime.Customers.Turns;

namespace Realtime.Server.Customers;

/// <summary>What kind of change a customer turn put on the change feed.</summary>
public enum FeedKind : byte
{
    /// <summary>The customer's score, grade, stage or segments moved: <see cref="CustomerFeedItem.Before"/> → <see cref="CustomerFeedItem.After"/>.</summary>
    Membership,

    /// <summary>A segment entered or left, with its reason (<see cref="CustomerFeedItem.Change"/>).</summary>
    Segment,

    /// <summary>A channel's contact pressure changed (<see cref="CustomerFeedItem.Pressure"/>).</summary>
    Pressure,

    /// <summary>The event identified a visitor not merged yet (<see cref="CustomerFeedItem.AnonymousId"/>): the host merges it.</summary>
    MergeNeeded,

    /// <summary>Something a watcher of this customer would see changed.</summary>
    Touched,
}

/// <summary>One change a customer turn emitted; published to subscribers after the turn commits.</summary>
public readonly record struct CustomerFeedItem(
    FeedKind Kind,
    MembershipSnapshot Before = default,
    MembershipSnapshot After = default,
    CustomerChange Change = default,
    PressureChange? Pressure = null,
    string? AnonymousId = null);
