using System.Diagnostics.Metrics;

namespace Realtime.Live;

/// <summary>
/// The live push's instruments, on the meter <c>Realtime.Live</c>. Tags: <c>hub</c> (dashboard, pressure, segments)
/// and, where it says what was sent, <c>message</c> (snapshot, update, customer, pressure).
/// </summary>
internal sealed class LiveMetrics
{
    public const string MeterName = "Realtime.Live";
    public const string DashboardHub = "dashboard";
    public const string PressureHub = "pressure";
    public const string SegmentsHub = "segments";

    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _messagesPushed;
    private readonly Counter<long> _payloadsSerialized;
    private readonly Counter<long> _clientsDropped;
    private readonly Counter<long> _resnapshots;
    private readonly Counter<long> _pressureChangesDropped;
    private readonly Histogram<double> _pushLatency;

    public LiveMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>("realtime.live.connections", "{connection}", "Open SignalR connections per hub.");
        _messagesPushed = meter.CreateCounter<long>("realtime.live.messages_pushed", "{message}", "Messages written to clients.");
        _payloadsSerialized = meter.CreateCounter<long>("realtime.live.payloads_serialized", "{payload}", "Payloads serialized: once per broadcast, not once per client.");
        _clientsDropped = meter.CreateCounter<long>("realtime.live.clients_dropped", "{client}", "Clients dropped because they fell behind.");
        _resnapshots = meter.CreateCounter<long>("realtime.live.resnapshots", "{client}", "Dashboard backlogs replaced by a fresh snapshot.");
        _pressureChangesDropped = meter.CreateCounter<long>("realtime.live.pressure_changes_dropped", "{change}", "Pressure changes lost because the feed overflowed.");
        _pushLatency = meter.CreateHistogram<double>("realtime.live.push_latency", "ms", "From the ingest receipt of the oldest event in a push to the push.");
    }

    public void Connected(string hub) => _connections.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void Disconnected(string hub) => _connections.Add(-1, new KeyValuePair<string, object?>("hub", hub));

    public void Pushed(string hub) => _messagesPushed.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void Serialized(string message) => _payloadsSerialized.Add(1, new KeyValuePair<string, object?>("message", message));

    public void ClientDropped(string hub, string reason) =>
        _clientsDropped.Add(1, new KeyValuePair<string, object?>("hub", hub), new KeyValuePair<string, object?>("reason", reason));

    public void Resnapshotted() => _resnapshots.Add(1);

    public void PressureChangesDropped(long count) => _pressureChangesDropped.Add(count);

    public void PushLatency(TimeSpan latency) => _pushLatency.Record(latency.TotalMilliseconds);
}
