using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Realtime.LoadGen.Stats;

namespace Realtime.LoadGen.Report;

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P99Ms, double P999Ms, double MaxMs, double MeanMs)
{
    public static LatencySummary From(LatencyHistogram h) => new(
        h.Count, Ms(h.ValueAtPercentile(50)), Ms(h.ValueAtPercentile(99)), Ms(h.ValueAtPercentile(99.9)), Ms(h.Max), Math.Round(h.Mean / 1000.0, 3));

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);

    public override string ToString() => Count == 0
        ? "n/a (none measured)"
        : string.Create(CultureInfo.InvariantCulture, $"p50 {P50Ms:0.###} ms  p99 {P99Ms:0.###} ms  p999 {P999Ms:0.###} ms  max {MaxMs:0.###} ms  (n={Count})");
}

/// <summary>What the server process held, read from /proc when <c>--server-pid</c> is given.</summary>
public sealed record ServerMemory(long RssBytesBefore, long RssBytesAfter, int CustomersTouched, double? BytesPerTouchedCustomer, string Note);

/// <summary>The end-of-run summary, printed and written as JSON.</summary>
public sealed record Summary
{
    public required string RunId { get; init; }
    public required string Target { get; init; }
    public required int ProcessorCount { get; init; }
    public required IReadOnlyDictionary<string, string> Options { get; init; }
    public required double ElapsedSeconds { get; init; }
    /// <summary>CPU time the load generator itself used: on a shared machine it competes with the server.</summary>
    public required double ClientCpuSeconds { get; init; }
    public required long EventsSent { get; init; }
    public required long EventsAcknowledged { get; init; }
    public required long Accepted { get; init; }
    public required long Duplicates { get; init; }
    public required long Rejected { get; init; }
    public required long BatchesSent { get; init; }
    public required long BatchesAcknowledged { get; init; }
    public required double EventsPerSecond { get; init; }
    public required LatencySummary BatchAck { get; init; }
    public required long Lookups { get; init; }
    public required long LookupsNotFound { get; init; }
    /// <summary>Scheduled lookups not made: no customer's traits were acknowledged yet.</summary>
    public required long LookupsSkipped { get; init; }
    public required long PressureSkipped { get; init; }
    public required long MaxBatchesInFlight { get; init; }
    public required LatencySummary Lookup { get; init; }
    public required long PressureGranted { get; init; }
    public required long PressureDenied { get; init; }
    public required IReadOnlyDictionary<string, long> PressureDenyReasons { get; init; }
    public required LatencySummary Pressure { get; init; }
    public required bool Watch { get; init; }
    public required long MembershipChanges { get; init; }
    public required LatencySummary Push { get; init; }
    /// <summary>Change made on the server (its <c>at</c>) → received on Segments.Watch, every change; same-host clocks only.</summary>
    public required LatencySummary WatchDelivery { get; init; }
    public required string PushDefinition { get; init; }
    public required bool Dashboard { get; init; }
    public required LatencySummary DashboardPush { get; init; }
    public required string DashboardPushDefinition { get; init; }
    public required long DashboardProbesSent { get; init; }
    /// <summary>Probes with no push within 10 s (or none by the end of the run).</summary>
    public required long DashboardProbesMissed { get; init; }
    /// <summary>Scheduled probes not sent: every probe customer still had one in flight.</summary>
    public required long DashboardProbesSkipped { get; init; }
    /// <summary>The server's own push latency (pushLatencyMs of each dashboard update: oldest event received → push).</summary>
    public required LatencySummary DashboardServerPush { get; init; }
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    public required IReadOnlyDictionary<string, long> RejectReasons { get; init; }
    public required ServerMemory? ServerMemory { get; init; }
    public required string MemoryPerCustomer { get; init; }
    public required ServerGc? ServerGc { get; init; }
    public required string ServerGcSummary { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public string ToText()
    {
        var s = new StringBuilder();
        void Line(string text) => s.AppendLine(text);
        Line(string.Create(CultureInfo.InvariantCulture, $"== Realtime.LoadGen summary (run {RunId}, target {Target}, {ProcessorCount} cores on the client) =="));
        Line(string.Create(CultureInfo.InvariantCulture, $"elapsed            {ElapsedSeconds:0.00} s  (load generator CPU {ClientCpuSeconds:0.0} s)"));
        Line(string.Create(CultureInfo.InvariantCulture, $"events             sent {EventsSent:N0}  acknowledged {EventsAcknowledged:N0} (accepted {Accepted:N0}, duplicates {Duplicates:N0}, rejected {Rejected:N0})"));
        Line(string.Create(CultureInfo.InvariantCulture, $"throughput         {EventsPerSecond:N0} events/s acknowledged  ({BatchesAcknowledged:N0}/{BatchesSent:N0} batches, at most {MaxBatchesInFlight} in flight)"));
        Line($"batch ack latency  {BatchAck}");
        Line(string.Create(CultureInfo.InvariantCulture, $"lookups            {Lookups:N0} ({LookupsNotFound:N0} not found, {LookupsSkipped:N0} skipped before any customer was known)  {Lookup}"));
        Line(string.Create(CultureInfo.InvariantCulture, $"pressure           granted {PressureGranted:N0}, denied {PressureDenied:N0}, skipped {PressureSkipped:N0}  {Pressure}"));
        if (PressureDenyReasons.Count > 0)
        {
            Line("denied because     " + string.Join(", ", PressureDenyReasons.Select(e => $"{e.Key}={e.Value}")));
        }

        Line(Dashboard
            ? string.Create(CultureInfo.InvariantCulture, $"signalr push       {DashboardPush}  (sent {DashboardProbesSent:N0}, missed {DashboardProbesMissed:N0}, skipped {DashboardProbesSkipped:N0}: event sent -> 'customer' pushed on /hubs/dashboard)")
            : "signalr push       n/a (run with --dashboard http://HOST:HTTP_PORT)");
        if (Dashboard)
        {
            Line($"  server's figure  {DashboardServerPush}  (pushLatencyMs of the hub's updates)");
        }

        Line(Watch
            ? string.Create(CultureInfo.InvariantCulture, $"watch latency      {Push}  ({MembershipChanges:N0} membership changes seen on Segments.Watch)")
            : "watch latency      n/a (run with --watch)");
        if (Watch)
        {
            Line($"  after the change {WatchDelivery}  (change's 'at' on the server -> received: the push's own share; same-host clocks only)");
        }

        Line("errors             " + (Errors.Count == 0 ? "none" : string.Join(", ", Errors.Select(e => $"{e.Key}={e.Value}"))));
        if (RejectReasons.Count > 0)
        {
            Line("reject reasons     " + string.Join(", ", RejectReasons.Select(e => $"'{e.Key}'={e.Value}")));
        }

        Line($"memory/customer    {MemoryPerCustomer}");
        Line($"server GC          {ServerGcSummary}");
        return s.ToString();
    }
}
