using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace Realtime.Storage.EventLog;

/// <summary>
/// The durable event log over SQLite or PostgreSQL. Appends are group-committed by one writer; reads use pooled
/// connections beside it. Bounded: at most <see cref="StorageOptions.MaxPendingRecords"/> records wait, and an
/// append that is not durable within <see cref="StorageOptions.AppendTimeout"/> fails instead of waiting on.
/// </summary>
public sealed partial class EventLogStore : IEventLog, IAsyncDisposable
{
    private const int ReadPageSize = 4096;
    private const long CompactionRange = 65_536;
    private static readonly IReadOnlyList<AppendResult> NoResults = [];

    private readonly Database _database;
    private readonly StorageOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly GroupCommitWriter _writer;

    internal EventLogStore(Database database, StorageOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _database = database;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _writer = new GroupCommitWriter(database, options, logger);
    }

    /// <summary>How many group commits ran since the store opened.</summary>
    public long CommitCount => _writer.CommitCount;

    /// <summary>How many records are queued or committing right now.</summary>
    public int PendingRecords => _writer.Budget.Used;

    internal Task StartAsync(CancellationToken cancellationToken) => _writer.StartAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<EventRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return NoResults;
        }

        // An infinite AppendTimeout leaves the deadline to the caller (the server answers its client on time but
        // still learns the commit's outcome, so a late commit is applied rather than lost from view).
        using var timeout = _options.AppendTimeout == Timeout.InfiniteTimeSpan ? null : new CancellationTokenSource(_options.AppendTimeout, _timeProvider);
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked?.Token ?? cancellationToken;
        try
        {
            var budget = await _writer.Budget.AcquireAsync(records.Count, token);
            var pending = new PendingAppend(records, budget);
            if (!_writer.TryEnqueue(pending))
            {
                _writer.Budget.Release(budget);
                throw new ObjectDisposedException(nameof(EventLogStore), "The event log is shutting down.");
            }

            return await pending.Completion.Task.WaitAsync(token);
        }
        catch (OperationCanceledException ex) when (timeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            LogAppendTimedOut(records.Count, _options.AppendTimeout);
            throw new StorageUnavailableException(
                $"The event log did not make {records.Count} records durable within {_options.AppendTimeout} (Realtime:AppendTimeout); nothing was acknowledged.",
                new TimeoutException(ex.Message, ex));
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LogRecord> ReadActorAsync(string actorKey, long afterPosition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actorKey);
        return ReadPagesAsync(_database.EventLog["ReadActorEvents"], actorKey, afterPosition, long.MaxValue, cancellationToken);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LogRecord> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return ReadPagesAsync(_database.EventLog["ReadAllEvents"], null, afterPosition, maxCount, cancellationToken);
    }

    /// <summary>
    /// Deletes log records that the snapshot of their actor (of type <paramref name="actorType"/>, keyed by the
    /// record's actor key) already includes and that occurred before the retention (<see cref="StorageOptions.LogRetention"/>).
    /// Runs in short transactions over position ranges so appends go on. Returns how many records were deleted.
    /// </summary>
    public async Task<long> CompactAsync(string actorType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actorType);
        var retainAfter = UnixTime.ToMicros(_timeProvider.GetUtcNow() - _options.LogRetention);
        await using var connection = await _database.OpenAsync(cancellationToken);
        long highWater;
        await using (var read = _database.CreateCommand(connection, _database.EventLog["ReadHighWater"]))
        {
            highWater = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        long deleted = 0;
        await using var command = _database.CreateCommand(connection, _database.EventLog["CompactEvents"]);
        var after = Database.AddParameter(command, "after_position", DbType.Int64, 0L);
        var upTo = Database.AddParameter(command, "up_to_position", DbType.Int64, 0L);
        Database.AddParameter(command, "retain_after", DbType.Int64, retainAfter);
        Database.AddParameter(command, "actor_type", DbType.String, actorType);
        for (long from = 0; from < highWater; from += CompactionRange)
        {
            after.Value = from;
            upTo.Value = from + CompactionRange;
            using var turn = await _database.WaitToWriteAsync(urgent: false, cancellationToken);
            deleted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        LogCompacted(deleted, actorType, highWater);
        return deleted;
    }

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async IAsyncEnumerable<LogRecord> ReadPagesAsync(string sql, string? actorKey, long afterPosition, long maxCount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var remaining = maxCount;
        var after = afterPosition;
        while (remaining > 0)
        {
            // One short query per page: a slow consumer never holds a read transaction open for the whole replay.
            var page = new List<LogRecord>((int)Math.Min(remaining, ReadPageSize));
            await using (var connection = await _database.OpenAsync(cancellationToken))
            await using (var command = _database.CreateCommand(connection, sql))
            {
                if (actorKey is not null)
                {
                    Database.AddParameter(command, "actor_key", DbType.String, actorKey);
                }

                Database.AddParameter(command, "after_position", DbType.Int64, after);
                Database.AddParameter(command, "max_count", DbType.Int64, Math.Min(remaining, ReadPageSize));
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add(ReadRecord(reader));
                }
            }

            foreach (var record in page)
            {
                yield return record;
            }

            if (page.Count < ReadPageSize)
            {
                yield break;
            }

            after = page[^1].Position;
            remaining -= page.Count;
        }
    }

    internal static LogRecord ReadRecord(DbDataReader reader) => new(
        reader.GetInt64(reader.GetOrdinal("position")),
        reader.GetString(reader.GetOrdinal("event_id")),
        reader.GetString(reader.GetOrdinal("actor_key")),
        UnixTime.FromMicros(reader.GetInt64(reader.GetOrdinal("occurred_at"))),
        reader.GetString(reader.GetOrdinal("event_type")),
        (byte[])reader.GetValue(reader.GetOrdinal("payload")));

    [LoggerMessage(EventId = 5203, EventName = "AppendTimedOut", Level = LogLevel.Warning, Message = "An append of {Records} records was not durable within {Timeout}; the caller was failed")]
    private partial void LogAppendTimedOut(int records, TimeSpan timeout);

    [LoggerMessage(EventId = 5204, EventName = "LogCompacted", Level = LogLevel.Information, Message = "Compacted the event log: {Deleted} records covered by {ActorType} snapshots deleted, up to position {HighWater}")]
    private partial void LogCompacted(long deleted, string actorType, long highWater);
}
