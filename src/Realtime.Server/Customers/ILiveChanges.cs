using Realtime.Contracts.V1;
using Realtime.Customers.Turns;

namespace Realtime.Server.Customers;

/// <summary>Where the change feed's live-visible changes go (dashboards, pressure subscribers, gRPC watchers).</summary>
public interface ILiveChanges
{
    void CustomerChanged(string key, bool isVisitor);

    void SegmentChanged(string key, bool isVisitor, in CustomerChange change);

    void PressureChanged(PressureChange change);

    /// <summary>A batch of <paramref name="count"/> events received at <paramref name="receivedAt"/> was handed to the actors (for push latency).</summary>
    void EventsApplied(int count, DateTimeOffset receivedAt);
}
