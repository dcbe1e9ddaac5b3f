using System.Diagnostics.Metrics;

namespace Realtime.Server.Ingest;

/// <summary>Ingest counters (meter <c>Realtime.Ingest</c>) and a cheap events/s reading for the dashboard.</summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "Realtime.Ingest";

    private readonly Meter _meter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private long _acceptedTotal;

    public IngestMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _accepted = _meter.CreateCounter<long>("realtime.ingest.accepted", "{event}", "Events made durable and handed to their actors");
        _duplicates = _meter.CreateCounter<long>("realtime.ingest.duplicates", "{event}", "Events whose id was already stored");
        _rejected = _meter.CreateCounter<long>("realtime.ingest.rejected", "{event}", "Invalid events");
    }

    /// <summary>Events accepted since start; the dashboard derives events/s from two readings.</summary>
    public long AcceptedTotal => Interlocked.Read(ref _acceptedTotal);

    public void Record(int accepted, int duplicates, int rejected)
    {
        if (accepted > 0)
        {
            _accepted.Add(accepted);
            Interlocked.Add(ref _acceptedTotal, accepted);
        }

        if (duplicates > 0)
        {
            _duplicates.Add(duplicates);
        }

        if (rejected > 0)
        {
            _rejected.Add(rejected);
        }
    }

    public void Dispose() => _meter.Dispose();
}
