using Google.Protobuf.WellKnownTypes;
using Realtime.Contracts.V1;
using Realtime.Customers.Turns;
using Realtime.Live;
using Realtime.Server.Customers;

namespace Realtime.Server.Live;

/// <summary>Forwards the actors' live-visible changes to <see cref="LiveFeed"/> (SignalR hubs and gRPC Segments.Watch).</summary>
public sealed class LiveChanges(LiveFeed feed) : ILiveChanges
{
    public void CustomerChanged(string key, bool isVisitor) => feed.CustomerChanged(key);

    public void SegmentChanged(string key, bool isVisitor, in CustomerChange change) => feed.MembershipChanged(new MembershipChange
    {
        SegmentId = change.Segment ?? "",
        CustomerId = key,
        Entered = change.Kind == ChangeKind.SegmentEntered,
        Reason = change.Reason ?? "",
        At = Timestamp.FromDateTimeOffset(change.AtTime),
    });

    public void PressureChanged(PressureChange change) => feed.PressureChanged(change);

    public void EventsApplied(int count, DateTimeOffset receivedAt) => feed.EventsApplied(count, receivedAt);
}
