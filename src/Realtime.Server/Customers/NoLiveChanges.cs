using Realtime.Contracts.V1;
using Realtime.Customers.Turns;

namespace Realtime.Server.Customers;

/// <summary>For hosts without live push (tools, tests of the core): changes go nowhere.</summary>
public sealed class NoLiveChanges : ILiveChanges
{
    public void CustomerChanged(string key, bool isVisitor)
    {
    }

    public void SegmentChanged(string key, bool isVisitor, in CustomerChange change)
    {
    }

    public void PressureChanged(PressureChange change)
    {
    }

    public void EventsApplied(int count, DateTimeOffset receivedAt)
    {
    }
}
