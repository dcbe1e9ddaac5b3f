using System.Collections.Concurrent;

namespace Realtime.LoadGen.Stats;

/// <summary>Counters and histograms shared by the drivers; all thread-safe.</summary>
public sealed class RunStats
{
    private long _eventsSent;
    private long _batchesSent;
    private long _accepted;
    private long _duplicates;
    private long _rejected;
    private long _batchesAcked;
    private long _inFlight;
    private long _lookups;
    private long _lookupsNotFound;
    private long _pressureGranted;
    private long _pressureDenied;
    private long _membershipChanges;
    private long _maxInFlight;
    private long _lookupsSkipped;
    private long _pressureSkipped;

    public LatencyHistogram BatchAck { get; } = new();
    public LatencyHistogram Lookup { get; } = new();
    public LatencyHistogram Pressure { get; } = new();
    public LatencyHistogram Push { get; } = new();

    /// <summary>
    /// Every membership change on <c>Segments.Watch</c>: its <c>at</c> (the server's clock at the turn that made it) →
    /// received. The server's share of the Watch latency; meaningful only when the server runs on this machine's clock.
    /// </summary>
    public LatencyHistogram WatchDelivery { get; } = new();

    /// <summary>Event sent → pushed <c>customer</c> message on the SignalR dashboard hub (probe customers).</summary>
    public LatencyHistogram DashboardPush { get; } = new();

    /// <summary>The server's own push latency, as each dashboard <c>update</c> reports it (<c>pushLatencyMs</c>).</summary>
    public LatencyHistogram ServerPush { get; } = new();

    /// <summary>Errors by operation and gRPC status, e.g. "lookup:DeadlineExceeded".</summary>
    public ConcurrentDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>Why pressure requests were denied, counted.</summary>
    public ConcurrentDictionary<string, long> DenyReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>Reasons of rejected events, counted (the server's own words).</summary>
    public ConcurrentDictionary<string, long> RejectReasons { get; } = new(StringComparer.Ordinal);

    public long EventsSent => Interlocked.Read(ref _eventsSent);
    public long BatchesSent => Interlocked.Read(ref _batchesSent);
    public long Accepted => Interlocked.Read(ref _accepted);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long Rejected => Interlocked.Read(ref _rejected);
    public long Acknowledged => Accepted + Duplicates + Rejected;
    public long BatchesAcked => Interlocked.Read(ref _batchesAcked);
    public long InFlight => Interlocked.Read(ref _inFlight);
    public long Lookups => Interlocked.Read(ref _lookups);
    public long LookupsNotFound => Interlocked.Read(ref _lookupsNotFound);
    public long PressureGranted => Interlocked.Read(ref _pressureGranted);
    public long PressureDenied => Interlocked.Read(ref _pressureDenied);
    public long MembershipChanges => Interlocked.Read(ref _membershipChanges);
    public long ErrorCount => Errors.Values.Sum();

    /// <summary>The most batches that were unanswered at once, over all streams.</summary>
    public long MaxInFlight => Interlocked.Read(ref _maxInFlight);

    /// <summary>Scheduled calls not made because no customer's traits were acknowledged yet (the run's first moments).</summary>
    public long LookupsSkipped => Interlocked.Read(ref _lookupsSkipped);
    public long PressureSkipped => Interlocked.Read(ref _pressureSkipped);

    public void LookupSkipped() => Interlocked.Increment(ref _lookupsSkipped);

    public void PressureSkippedOne() => Interlocked.Increment(ref _pressureSkipped);

    public void BatchSent(int events)
    {
        Interlocked.Add(ref _eventsSent, events);
        Interlocked.Increment(ref _batchesSent);
        var now = Interlocked.Increment(ref _inFlight);
        long max;
        while (now > (max = Interlocked.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }
    }

    public void BatchAcked(int accepted, int duplicates, int rejected)
    {
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _rejected, rejected);
        Interlocked.Increment(ref _batchesAcked);
        Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>Batches that will never be answered (their stream failed).</summary>
    public void BatchesLost(int batches) => Interlocked.Add(ref _inFlight, -batches);

    public void LookupDone(bool found)
    {
        Interlocked.Increment(ref _lookups);
        if (!found)
        {
            Interlocked.Increment(ref _lookupsNotFound);
        }
    }

    public void PressureDone(bool granted, string? denyReason = null)
    {
        Interlocked.Increment(ref granted ? ref _pressureGranted : ref _pressureDenied);
        if (!granted && denyReason is not null)
        {
            DenyReasons.AddOrUpdate(denyReason, 1, (_, n) => n + 1);
        }
    }

    public void MembershipChanged() => Interlocked.Increment(ref _membershipChanges);

    public void Error(string operation, string status) => Errors.AddOrUpdate($"{operation}:{status}", 1, (_, n) => n + 1);

    public void Rejection(string reason) => RejectReasons.AddOrUpdate(reason, 1, (_, n) => n + 1);
}
