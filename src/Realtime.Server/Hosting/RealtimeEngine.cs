using System.Diagnostics;
using System.Diagnostics.Metrics;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;
using Realtime.Actors;
using Realtime.Customers.Aggregates;
using Realtime.Grpc.Health;
using Realtime.Server.Customers;
using Realtime.Server.Ingest;
using Realtime.Server.Rules;
using Realtime.Storage;

namespace Realtime.Server.Hosting;

/// <summary>
/// Opens the store, loads the active ruleset, starts the customer actors, replays the part of the event log that
/// no saved state includes yet (so every acknowledged event is reflected after a crash), and then serves. While it
/// runs it checkpoints: it saves every actor and records the log position all saved states include, so the next
/// start replays only what came after.
/// </summary>
public sealed partial class RealtimeEngine(
    IOptions<RealtimeOptions> options,
    IOptions<StorageOptions> storageOptions,
    IOptions<ActorRuntimeOptions> actorOptions,
    TimeProvider clock,
    HealthStatusRegistry health,
    ILiveChanges live,
    ILoggerFactory loggerFactory,
    IMeterFactory meterFactory,
    IngestMetrics ingestMetrics) : IHostedService, IAsyncDisposable
{
    /// <summary>How often a checkpoint also compacts the log (drops records every snapshot covers, past the retention).</summary>
    public static readonly TimeSpan CompactionInterval = TimeSpan.FromHours(1);

    private readonly ILogger _logger = loggerFactory.CreateLogger<RealtimeEngine>();
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    private RealtimeStore? _store;
    private CustomerActors? _actors;
    private CustomerFeed? _feed;
    private ITimer? _checkpointTimer;
    private int _checkpointArmed;
    private int _disposed;
    private volatile bool _killed;
    private DateTimeOffset _lastCompaction = DateTimeOffset.MinValue;

    public RealtimeStore Store => _store ?? throw NotStarted();

    public CustomerActors Actors => _actors ?? throw NotStarted();

    public SegmentAggregates Aggregates => _feed?.Aggregates ?? throw NotStarted();

    public ActiveRuleset Rules { get; private set; } = null!;

    public RulesetRepository Rulesets { get; private set; } = null!;

    public CustomerRouter Router { get; private set; } = null!;

    public IngestPipeline Ingest { get; private set; } = null!;

    public bool IsReady { get; private set; }

    public TimeProvider Clock => clock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.NotServing);
        var dataDir = options.Value.DataDir;
        Directory.CreateDirectory(dataDir);
        _store = await RealtimeStore.OpenAsync(WithoutAppendDeadline(storageOptions.Value), clock, loggerFactory, cancellationToken);

        Rulesets = new RulesetRepository(_store.Rulesets, dataDir, clock, loggerFactory.CreateLogger<RulesetRepository>());
        Rules = new ActiveRuleset(RulesetBundle.FromStored(await Rulesets.LoadActiveAsync(cancellationToken)));
        _feed = new CustomerFeed(new SegmentAggregates(Rules.Current.Rules), live, loggerFactory.CreateLogger<CustomerFeed>());
        Rules.Published += bundle => _feed.Aggregates.SetActiveRuleset(bundle.Rules);
        _actors = new CustomerActors(_store.ActorStates, Rules, _feed, clock, actorOptions.Value, loggerFactory, meterFactory);
        Router = new CustomerRouter(_store.Identities);
        Ingest = new IngestPipeline(
            new OrderedLogAppender(
                _store.EventLog,
                maxRecordsInFlight: Math.Max(1, storageOptions.Value.MaxPendingRecords / 2),
                storageOptions.Value.AppendTimeout,
                clock),
            Router, _actors, ingestMetrics, clock, loggerFactory.CreateLogger<IngestPipeline>(), live, ScheduleCheckpoint);

        var counting = Stopwatch.GetTimestamp();
        var stored = await _actors.RestoreStatisticsAsync(_store.ActorStates, _feed.Aggregates, cancellationToken);
        var countedIn = Stopwatch.GetElapsedTime(counting);
        await _actors.StartAsync(cancellationToken);
        var replayed = await ReplayAsync(await _store.EventLog.ReadCheckpointAsync(cancellationToken), cancellationToken);
        if (replayed > 0)
        {
            // A replayed identifying event whose merge the customer's saved state lacks asks for it again: once the
            // replayed turns have run (the flush waits for them), wait until those merges are handed on, so that
            // the first answers after a restart count the visitors' history.
            await _actors.FlushAsync(cancellationToken);
            await _feed.MergesHandedOnAsync(cancellationToken);
        }

        LogStarted(_store.Vendor.ToString(), Rules.Current.Version, stored, (long)countedIn.TotalMilliseconds, replayed);

        _checkpointTimer = clock.CreateTimer(static e => _ = ((RealtimeEngine)e!).OnCheckpointTimerAsync(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        IsReady = true;
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        IsReady = false;
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.NotServing);
        if (_checkpointTimer is not null)
        {
            await _checkpointTimer.DisposeAsync();
        }

        if (_actors is not null && !_killed)
        {
            var delivered = Ingest.LastDeliveredPosition;
            await _actors.StopAsync(cancellationToken);
            if (delivered > 0)
            {
                await Store.EventLog.WriteCheckpointAsync(delivered, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Ends like a crashed process (tests): the actors save nothing more and no checkpoint is written, so the next
    /// start recovers from what was already durable. Stop and dispose as usual afterwards.
    /// </summary>
    public void Kill()
    {
        _killed = true;
        Actors.Customers.Kill();
        Actors.Visitors.Kill();
    }

    // Armed by the first delivery after a checkpoint, so an idle server (or a test moving a fake clock by months)
    // does not wake every interval for nothing.
    private void ScheduleCheckpoint()
    {
        if (Interlocked.CompareExchange(ref _checkpointArmed, 1, 0) == 0)
        {
            _checkpointTimer?.Change(options.Value.CheckpointInterval, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task OnCheckpointTimerAsync()
    {
        Volatile.Write(ref _checkpointArmed, 0);
        await CheckpointAsync(CancellationToken.None);
    }

    /// <summary>Saves every actor, then records the log position that all saved states now include.</summary>
    public async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        if (!await _checkpointGate.WaitAsync(0, cancellationToken))
        {
            return;
        }

        try
        {
            var delivered = Ingest.LastDeliveredPosition;
            await Actors.FlushAsync(cancellationToken);
            if (delivered > 0)
            {
                await Store.EventLog.WriteCheckpointAsync(delivered, cancellationToken);
            }

            var now = clock.GetUtcNow();
            if (now - _lastCompaction >= CompactionInterval)
            {
                _lastCompaction = now;
                var deleted = await Store.EventLog.CompactAsync(CustomerActors.CustomerType, cancellationToken)
                    + await Store.EventLog.CompactAsync(CustomerActors.VisitorType, cancellationToken);
                LogCompacted(deleted);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCheckpointFailed(ex);
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    /// <summary>
    /// After a publish: tells every saved customer to re-evaluate under the new ruleset (active customers would at
    /// their next turn anyway; this reaches the idle ones too, so segment sizes move at once).
    /// </summary>
    public async Task ReevaluateAllAsync(CancellationToken cancellationToken)
    {
        await Actors.FlushAsync(cancellationToken);
        var rebind = new CustomerMessage(CustomerCommand.Rebind);
        await foreach (var key in Store.ActorStates.ListKeysAsync(CustomerActors.CustomerType, cancellationToken))
        {
            await Actors.Customers.TellAsync(key, rebind, cancellationToken: cancellationToken);
        }

        await foreach (var key in Store.ActorStates.ListKeysAsync(CustomerActors.VisitorType, cancellationToken))
        {
            await Actors.Visitors.TellAsync(key, rebind, cancellationToken: cancellationToken);
        }
    }

    // The container disposes this object twice (as itself and as the hosted service it also is): once is enough.
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_actors is not null)
        {
            await _actors.DisposeAsync();
        }

        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    // Every event after the checkpoint goes to its actor again, in log order; an actor skips what its saved state
    // already includes, so each acknowledged event counts exactly once.
    private async Task<long> ReplayAsync(long afterPosition, CancellationToken cancellationToken)
    {
        const int Page = 4096;
        long replayed = 0;
        var batch = new List<RoutedEvent>(Page);
        while (true)
        {
            batch.Clear();
            await foreach (var record in Store.EventLog.ReadAllAsync(afterPosition, Page, cancellationToken))
            {
                batch.Add(new RoutedEvent(new RouteTarget(record.ActorKey), Contracts.V1.Event.Parser.ParseFrom(record.Payload), record.Position));
                afterPosition = record.Position;
            }

            if (batch.Count == 0)
            {
                return replayed;
            }

            await Actors.DeliverAsync(batch.ToArray(), cancellationToken);
            replayed += batch.Count;
        }
    }

    // Ingest answers its sender by Realtime:AppendTimeout itself; the log waits for every commit's outcome so that a
    // late commit is still handed to the actors (see OrderedLogAppender).
    private static StorageOptions WithoutAppendDeadline(StorageOptions options) => new()
    {
        DataDir = options.DataDir,
        SqliteFileName = options.SqliteFileName,
        Postgres = options.Postgres,
        MaxCommitRecords = options.MaxCommitRecords,
        MaxPendingRecords = options.MaxPendingRecords,
        AppendTimeout = Timeout.InfiniteTimeSpan,
        CommandTimeout = options.CommandTimeout,
        LogRetention = options.LogRetention,
    };

    private static InvalidOperationException NotStarted() => new("The Realtime engine has not started yet.");

    [LoggerMessage(EventId = 3001, EventName = "EngineStarted", Level = LogLevel.Information, Message = "Realtime started on {Vendor}, ruleset v{Version}; {Stored} stored customers and visitors counted in {CountMs} ms, {Replayed} events replayed after the last checkpoint")]
    private partial void LogStarted(string vendor, long version, long stored, long countMs, long replayed);

    [LoggerMessage(EventId = 3003, EventName = "LogCompacted", Level = LogLevel.Information, Message = "Compacted the event log: {Deleted} records every snapshot covers were deleted")]
    private partial void LogCompacted(long deleted);

    [LoggerMessage(EventId = 3002, EventName = "CheckpointFailed", Level = LogLevel.Error, Message = "Checkpoint failed; the next start replays from the previous one")]
    private partial void LogCheckpointFailed(Exception exception);
}
