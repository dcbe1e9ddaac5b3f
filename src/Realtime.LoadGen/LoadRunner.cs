using System.Globalization;
using Realtime.Grpc.Client;
using Realtime.LoadGen.Drivers;
using Realtime.LoadGen.Options;
using Realtime.LoadGen.Report;
using Realtime.LoadGen.Stats;
using Realtime.LoadGen.Workload;

namespace Realtime.LoadGen;

/// <summary>One run: ingest, lookups, pressure and (optionally) watch at once for the duration, a progress line a second.</summary>
public sealed class LoadRunner(LoadGenOptions options, TimeProvider time, TextWriter progress)
{
    public RunStats Stats { get; } = new();

    public async Task<Summary> RunAsync(CancellationToken cancellation)
    {
        var runId = options.RunId ?? Guid.NewGuid().ToString("N")[..8];
        using var channel = GrpcChannel.ForAddress(options.Target, new GrpcChannelOptions { TimeProvider = time });
        var generator = new WorkloadGenerator(options.Customers, options.Seed, runId, time);
        var known = new KnownCustomers();
        var push = new PushTracker(Stats, time) { Enabled = options.Watch };
        var rssBefore = options.ServerPid is { } pid ? ServerMemoryProbe.ResidentBytes(pid) : null;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Task watch = Task.CompletedTask;
        if (options.Watch)
        {
            var watcher = new WatchDriver(channel, push, Stats, time);
            watch = watcher.RunAsync(stop.Token);
            await watcher.Subscribed.WaitAsync(TimeSpan.FromSeconds(10), time, cancellation);
        }

        DashboardProbes? probes = null;
        await using var dashboard = options.Dashboard is { } url
            ? new DashboardDriver(channel, new Uri(url.EndsWith('/') ? url : url + "/"), probes = new DashboardProbes(runId, options.PushProbeCustomers, Stats.DashboardPush, time), Stats, time)
            : null;
        if (dashboard is not null)
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(15));
            try
            {
                await dashboard.ConnectAsync(connectTimeout.Token);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException or Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException && !cancellation.IsCancellationRequested)
            {
                throw new InvalidOperationException($"could not connect to the dashboard hub at {options.Dashboard}/hubs/dashboard (is --dashboard the server's HTTP port?): {ex.Message}", ex);
            }
        }

        string? gcUnavailable = null;
        await using var gc = options.ServerPid is { } gcPid ? ServerGcProbe.TryStart(gcPid, out gcUnavailable) : null;
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var start = time.GetTimestamp();
        var ingest = new IngestDriver(channel, generator, known, push, Stats, time) { TouchAll = options.TouchAll }
            .RunAsync(options.Streams, options.Batch, options.InFlight, options.Rate, options.Duration, stop.Token);
        var lookups = new LookupDriver(channel, known, Stats, time, options.Seed + 1, options.ConsistentLookups).RunAsync(options.LookupsPerSec, options.Duration, stop.Token);
        var pressure = new PressureDriver(channel, known, Stats, time, options.Seed + 2).RunAsync(options.PressurePerSec, options.Duration, stop.Token);
        var probing = dashboard?.RunAsync(options.PushProbesPerSec, options.Duration, stop.Token) ?? Task.CompletedTask;
        var work = Task.WhenAll(ingest, lookups, pressure, probing);
        using (var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1), time))
        {
            var lastAcked = 0L;
            var lastAt = start;
            while (!work.IsCompleted)
            {
                var tick = ticker.WaitForNextTickAsync(CancellationToken.None).AsTask();
                await Task.WhenAny(work, tick);
                if (work.IsCompleted)
                {
                    break;
                }

                var now = time.GetTimestamp();
                var acked = Stats.Acknowledged;
                var rate = (acked - lastAcked) / Math.Max(1e-3, time.GetElapsedTime(lastAt, now).TotalSeconds);
                (lastAcked, lastAt) = (acked, now);
                push.Expire();
                if (!options.Quiet)
                {
                    var line = string.Create(CultureInfo.InvariantCulture,
                        $"[{time.GetElapsedTime(start).TotalSeconds,5:0.0}s] {rate,10:N0} ev/s acked  in-flight {Stats.InFlight,4} batches  errors {Stats.ErrorCount}  lookup p99 {Stats.Lookup.ValueAtPercentile(99) / 1000.0:0.00} ms ({Stats.Lookups:N0})  pressure p99 {Stats.Pressure.ValueAtPercentile(99) / 1000.0:0.00} ms");
                    var pushPart = options.Watch ? string.Create(CultureInfo.InvariantCulture, $"  watch p99 {Stats.Push.ValueAtPercentile(99) / 1000.0:0.0} ms") : "";
                    var dashboardPart = dashboard is not null ? string.Create(CultureInfo.InvariantCulture, $"  signalr push p99 {Stats.DashboardPush.ValueAtPercentile(99) / 1000.0:0.0} ms ({Stats.DashboardPush.Count:N0})") : "";
                    await progress.WriteLineAsync(line + pushPart + dashboardPart);
                }
            }
        }

        await work;
        var elapsed = time.GetElapsedTime(start);
        var serverGc = gc is null ? null : await gc.StopAsync(elapsed);
        if (probes is not null)
        {
            // The last probes' pushes are still due: wait for them (bounded by the probes' expiry).
            var waitUntil = time.GetTimestamp() + (long)(DashboardProbes.Expiry.TotalSeconds * time.TimestampFrequency);
            while (probes.InFlight > 0 && time.GetTimestamp() < waitUntil && !cancellation.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, CancellationToken.None);
            }

            probes.GiveUp();
        }

        await stop.CancelAsync();
        await watch;

        var rssAfter = options.ServerPid is { } p ? ServerMemoryProbe.ResidentBytes(p) : null;
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        return BuildSummary(runId, elapsed, cpu, generator.Model.Touched, rssBefore, rssAfter, probes, serverGc, gcUnavailable);
    }

    private Summary BuildSummary(
        string runId, TimeSpan elapsed, TimeSpan cpu, int touched, long? rssBefore, long? rssAfter, DashboardProbes? probes, ServerGc? serverGc, string? gcUnavailable)
    {
        var gcLine = serverGc is { } g
            ? string.Create(CultureInfo.InvariantCulture, $"{g.Collections:N0} collections (gen0 {g.Gen0:N0}, gen1 {g.Gen1:N0}, gen2 {g.Gen2:N0}), paused {g.PausedMs:N0} ms ({g.PausedShare:P1} of the run), longest pause {g.LongestPauseMs:N1} ms")
            : options.ServerPid is null ? "n/a: pass --server-pid PID for a local server's collections" : $"n/a: could not follow process {options.ServerPid}'s collections ({gcUnavailable})";

        ServerMemory? memory = null;
        var perCustomer = "n/a: the server exposes no memory figure over its API; pass --server-pid PID for a local server's resident memory";
        if (options.ServerPid is not null)
        {
            if (rssBefore is { } before && rssAfter is { } after)
            {
                double? per = touched > 0 ? Math.Round((double)(after - before) / touched, 1) : null;
                memory = new ServerMemory(before, after, touched, per,
                    "growth of the server's resident set during the run divided by the customers this run touched; meaningful only against a fresh server (a customer stored by an earlier run is counted as touched but may already be resident); includes caches, the event log's buffers and GC headroom");
                perCustomer = per is { } b
                    ? string.Create(CultureInfo.InvariantCulture, $"{b:N0} bytes per touched customer (RSS {before / 1048576.0:N1} → {after / 1048576.0:N1} MiB, {touched:N0} customers; upper bound, includes GC headroom; meaningful on a fresh server only)")
                    : "n/a: no customer touched";
            }
            else
            {
                perCustomer = $"n/a: could not read /proc/{options.ServerPid}/status";
            }
        }

        return new Summary
        {
            RunId = runId,
            Target = options.Target,
            ProcessorCount = Environment.ProcessorCount,
            Options = new Dictionary<string, string>
            {
                ["customers"] = options.Customers.ToString(CultureInfo.InvariantCulture),
                ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
                ["rate"] = options.Rate.ToString(CultureInfo.InvariantCulture),
                ["duration_s"] = options.Duration.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                ["streams"] = options.Streams.ToString(CultureInfo.InvariantCulture),
                ["batch"] = options.Batch.ToString(CultureInfo.InvariantCulture),
                ["inflight"] = options.InFlight.ToString(CultureInfo.InvariantCulture),
                ["lookups_per_sec"] = options.LookupsPerSec.ToString(CultureInfo.InvariantCulture),
                ["consistent_lookups"] = options.ConsistentLookups ? "true" : "false",
                ["pressure_per_sec"] = options.PressurePerSec.ToString(CultureInfo.InvariantCulture),
                ["watch"] = options.Watch ? "true" : "false",
                ["touch_all"] = options.TouchAll ? "true" : "false",
                ["dashboard"] = options.Dashboard ?? "none",
                ["push_probes_per_sec"] = options.PushProbesPerSec.ToString(CultureInfo.InvariantCulture),
                ["push_probe_customers"] = options.PushProbeCustomers.ToString(CultureInfo.InvariantCulture),
            },
            ElapsedSeconds = Math.Round(elapsed.TotalSeconds, 3),
            ClientCpuSeconds = Math.Round(cpu.TotalSeconds, 2),
            EventsSent = Stats.EventsSent,
            EventsAcknowledged = Stats.Acknowledged,
            Accepted = Stats.Accepted,
            Duplicates = Stats.Duplicates,
            Rejected = Stats.Rejected,
            BatchesSent = Stats.BatchesSent,
            BatchesAcknowledged = Stats.BatchesAcked,
            EventsPerSecond = Math.Round(Stats.Acknowledged / Math.Max(1e-3, elapsed.TotalSeconds), 0),
            BatchAck = LatencySummary.From(Stats.BatchAck),
            Lookups = Stats.Lookups,
            LookupsNotFound = Stats.LookupsNotFound,
            LookupsSkipped = Stats.LookupsSkipped,
            PressureSkipped = Stats.PressureSkipped,
            MaxBatchesInFlight = Stats.MaxInFlight,
            Lookup = LatencySummary.From(Stats.Lookup),
            PressureGranted = Stats.PressureGranted,
            PressureDenied = Stats.PressureDenied,
            PressureDenyReasons = new SortedDictionary<string, long>(Stats.DenyReasons, StringComparer.Ordinal),
            Pressure = LatencySummary.From(Stats.Pressure),
            Watch = options.Watch,
            MembershipChanges = Stats.MembershipChanges,
            Push = LatencySummary.From(Stats.Push),
            WatchDelivery = LatencySummary.From(Stats.WatchDelivery),
            PushDefinition = "from writing the batch that carries a customer's first activity (its first event other than traits, or an anonymous visitor identifying; traits alone enter no segment) to its TrackStream, to receiving on Segments.Watch the first membership change of that customer; one sample per customer; customers with no change within 10 s are not counted",
            Dashboard = options.Dashboard is not null,
            DashboardPush = LatencySummary.From(Stats.DashboardPush),
            DashboardPushDefinition = "SignalR /hubs/dashboard: from sending (Ingest.Track) one event (traits with a new email, so the view changes) to a watched probe customer to receiving the pushed 'customer' message whose view counts it; one probe in flight per probe customer; probes with no push within 10 s are counted as missed, not in the percentiles",
            DashboardProbesSent = probes?.Sent ?? 0,
            DashboardProbesMissed = probes?.Missed ?? 0,
            DashboardProbesSkipped = probes?.SkippedBusy ?? 0,
            DashboardServerPush = LatencySummary.From(Stats.ServerPush),
            Errors = new SortedDictionary<string, long>(Stats.Errors, StringComparer.Ordinal),
            RejectReasons = new SortedDictionary<string, long>(Stats.RejectReasons, StringComparer.Ordinal),
            ServerMemory = memory,
            MemoryPerCustomer = perCustomer,
            ServerGc = serverGc,
            ServerGcSummary = gcLine,
        };
    }
}
