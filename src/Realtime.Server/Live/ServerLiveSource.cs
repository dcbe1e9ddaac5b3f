using Realtime.Contracts.V1;
using Realtime.Live;
using Realtime.Server.Api;
using Realtime.Server.Hosting;
using Realtime.Server.Ingest;

namespace Realtime.Server.Live;

/// <summary>What the dashboards read: the maintained segment aggregates, the ingest counter, and customers' views.</summary>
public sealed class ServerLiveSource(RealtimeEngine engine, IngestMetrics ingest) : ILiveSource
{
    private long _customers;

    public ListSegmentsResponse CaptureSegments(DateTimeOffset now)
    {
        var snapshot = engine.Aggregates.Snapshot(now);
        snapshot.RulesetVersion = engine.Rules.Current.Version;
        Volatile.Write(ref _customers, snapshot.Customers);
        return snapshot;
    }

    public LiveCounters CaptureCounters(DateTimeOffset now) => new(ingest.AcceptedTotal, Volatile.Read(ref _customers));

    public async ValueTask<CustomerView?> GetCustomerAsync(string customerId, CancellationToken cancellationToken) =>
        await engine.Actors.Customers.ReadAsync(
            customerId,
            state => state.Customer.HasSeenEvents ? CustomerViews.Build(state, engine.Clock.GetUtcNow()) : null,
            cancellationToken);
}
