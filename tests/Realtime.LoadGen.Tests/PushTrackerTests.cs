using Realtime.LoadGen.Drivers;
using Realtime.LoadGen.Stats;
using Realtime.LoadGen.Workload;
using Realtime.Testing;

namespace Realtime.LoadGen.Tests;

public sealed class PushTrackerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RunStats _stats = new();

    private PushTracker CreateSut() => new(_stats, _time) { Enabled = true };

    [Fact]
    public void Changed_FirstChangeOfAStampedCustomer_RecordsTheTimeSinceItsBatchWasSentOnce()
    {
        var tracker = CreateSut();
        tracker.Sent([7, 8], _time.GetTimestamp());
        _time.Advance(TimeSpan.FromMilliseconds(40));

        tracker.Changed(CustomerModel.CustomerId(7), _time.GetUtcNow());
        tracker.Changed(CustomerModel.CustomerId(7), _time.GetUtcNow());   // a second change of the same customer is no new sample
        tracker.Changed(CustomerModel.CustomerId(9), _time.GetUtcNow());   // never stamped

        Assert.Equal(1, _stats.Push.Count);
        Assert.Equal(40_000, _stats.Push.Max);                              // µs
        Assert.Equal(3, _stats.MembershipChanges);
        Assert.Equal(1, tracker.Waiting);                                   // customer 8 still waits for its change
    }

    [Fact]
    public void Changed_EveryChange_RecordsTheTimeSinceTheServerMadeIt_AndNeverBelowZero()
    {
        var tracker = CreateSut();
        var madeAt = _time.GetUtcNow();
        _time.Advance(TimeSpan.FromMilliseconds(15));

        tracker.Changed(CustomerModel.CustomerId(1), madeAt);
        tracker.Changed(CustomerModel.CustomerId(2), madeAt);
        tracker.Changed(CustomerModel.CustomerId(3), _time.GetUtcNow() + TimeSpan.FromMilliseconds(5));   // a server clock ahead of ours

        Assert.Equal(3, _stats.WatchDelivery.Count);
        Assert.Equal(15_000, _stats.WatchDelivery.Max);
        Assert.Equal(0, _stats.WatchDelivery.Min);
        Assert.Equal(0, _stats.Push.Count);                                 // nobody was stamped
    }

    [Fact]
    public void Expire_DropsStampsOlderThanTheExpiry_SoALateChangeIsNoSample()
    {
        var tracker = CreateSut();
        tracker.Sent([1], _time.GetTimestamp());
        _time.Advance(PushTracker.Expiry + TimeSpan.FromMilliseconds(1));
        tracker.Sent([2], _time.GetTimestamp());

        tracker.Expire();
        tracker.Changed(CustomerModel.CustomerId(1), _time.GetUtcNow());
        tracker.Changed(CustomerModel.CustomerId(2), _time.GetUtcNow());

        Assert.Equal(1, _stats.Push.Count);
        Assert.Equal(0, _stats.Push.Max);
    }
}
