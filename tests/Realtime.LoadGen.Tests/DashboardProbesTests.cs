using Realtime.LoadGen.Drivers;
using Realtime.LoadGen.Stats;
using Realtime.Testing;

namespace Realtime.LoadGen.Tests;

/// <summary>The event → SignalR push bookkeeping, driven by a fake clock (no server, no waiting).</summary>
public sealed class DashboardProbesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly LatencyHistogram _latency = new();

    [Fact]
    public void A_push_whose_view_counts_the_probe_event_records_the_time_since_it_was_sent()
    {
        var probes = new DashboardProbes("r1", 2, _latency, _time);
        var (customer, sequence) = probes.Begin()!.Value;
        Assert.Equal("probe-r1-0", customer);
        Assert.Equal(1, sequence);

        _time.Advance(TimeSpan.FromMilliseconds(40));
        probes.Pushed(customer, events: 1);

        Assert.Equal(1, _latency.Count);
        Assert.Equal(40_000, _latency.Max);          // microseconds
        Assert.Equal(0, probes.InFlight);
    }

    [Fact]
    public void A_push_of_an_earlier_state_or_of_another_customer_does_not_count()
    {
        var probes = new DashboardProbes("r1", 1, _latency, _time);
        var (customer, _) = probes.Begin()!.Value;
        _time.Advance(TimeSpan.FromMilliseconds(10));
        probes.Pushed(customer, events: 1);             // first probe answered
        var (again, second) = probes.Begin()!.Value;
        Assert.Equal(customer, again);
        Assert.Equal(2, second);

        _time.Advance(TimeSpan.FromMilliseconds(5));
        probes.Pushed(customer, events: 1);             // a re-push of the state before the second probe
        probes.Pushed("cust-7", events: 99);            // not a probe customer
        Assert.Equal(1, _latency.Count);
        Assert.Equal(1, probes.InFlight);

        _time.Advance(TimeSpan.FromMilliseconds(20));
        probes.Pushed(customer, events: 2);
        Assert.Equal(2, _latency.Count);
        Assert.Equal(25_000, _latency.Max);
    }

    [Fact]
    public void Each_customer_has_at_most_one_probe_in_flight_and_a_busy_set_skips_the_probe()
    {
        var probes = new DashboardProbes("r1", 2, _latency, _time);
        Assert.NotNull(probes.Begin());
        Assert.NotNull(probes.Begin());
        Assert.Null(probes.Begin());
        Assert.Equal(1, probes.SkippedBusy);
        Assert.Equal(2, probes.InFlight);
    }

    [Fact]
    public void A_probe_without_a_push_expires_as_missed_and_a_failed_send_retires_its_customer()
    {
        var probes = new DashboardProbes("r1", 2, _latency, _time);
        var (first, _) = probes.Begin()!.Value;
        var (second, _) = probes.Begin()!.Value;
        probes.Failed(second);

        _time.Advance(DashboardProbes.Expiry - TimeSpan.FromMilliseconds(1));
        probes.Expire();
        Assert.Equal(0, probes.Missed);
        _time.Advance(TimeSpan.FromMilliseconds(2));
        probes.Expire();
        Assert.Equal(1, probes.Missed);

        // The expired event still counts: the next probe of that customer expects two events.
        var (next, sequence) = probes.Begin()!.Value;
        Assert.Equal(first, next);
        Assert.Equal(2, sequence);
        Assert.Null(probes.Begin());                    // the retired customer is never probed again
        probes.Pushed(second, events: 5);
        Assert.Equal(0, _latency.Count);

        probes.GiveUp();                                // the run ended with one probe in flight
        Assert.Equal(2, probes.Missed);
        Assert.Equal(0, probes.InFlight);
        Assert.Equal(3, probes.Sent);
    }
}
