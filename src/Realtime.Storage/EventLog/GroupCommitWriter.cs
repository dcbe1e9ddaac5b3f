using System.Data.Common;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Realtime.Storage.EventLog;

/// <summary>
/// The single writer of the event log. Callers queue their batches; the writer takes everything pending (up to
/// <see cref="StorageOptions.MaxCommitRecords"/>), writes it in one transaction with one commit (one fsync), then
/// completes every caller. A failed commit fails every caller of that group and nothing of it is acknowledged;
/// the next group starts on a fresh connection.
/// </summary>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    private static readonly UnboundedChannelOptions QueueOptions = new() { SingleReader = true, SingleWriter = false };

    private readonly Database _database;
    private readonly StorageOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _queue = Channel.CreateUnbounded<PendingAppend>(QueueOptions);
    private readonly List<PendingAppend> _group = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly int _rowsPerStatement;
    private (EventRecord Record, long Position)[] _rows = new (EventRecord, long)[1024];
    private AppendCommands? _commands;
    private long _lastPosition;
    private Task _loop = Task.CompletedTask;

    public GroupCommitWriter(Database database, StorageOptions options, ILogger logger)
    {
        _database = database;
        _options = options;
        _logger = logger;
        Budget = new PendingBudget(options.MaxPendingRecords);

        // Rows per INSERT statement, a power of two. PostgreSQL pays a round trip per statement, so long ones win;
        // SQLite inserts row by row through SqliteRowInserter, where this is only the chunk of the loop.
        _rowsPerStatement = options.RowsPerStatement ?? (database.Vendor == StorageVendor.Sqlite ? 64 : 2048);
    }

    public PendingBudget Budget { get; }

    /// <summary>How many commits ran (for tests and metrics: fewer commits than appends means grouping worked).</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    private long _commitCount;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _commands = await OpenCommandsAsync(cancellationToken);
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    /// <summary>Queues a batch that already holds its budget; false once the writer is shutting down.</summary>
    public bool TryEnqueue(PendingAppend pending) => _queue.Writer.TryWrite(pending);

    public async ValueTask DisposeAsync()
    {
        // Drain: batches already queued are still committed, then the loop ends.
        _queue.Writer.TryComplete();
        await _loop;
        await _stopping.CancelAsync();
        if (_commands is not null)
        {
            await _commands.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            _group.Clear();
            var count = 0;
            while (count < _options.MaxCommitRecords && reader.TryRead(out var pending))
            {
                _group.Add(pending);
                count += pending.Records.Count;
            }

            try
            {
                await CommitAsync(count);
                Interlocked.Increment(ref _commitCount);
                foreach (var pending in _group)
                {
                    pending.Completion.TrySetResult(pending.Results);
                }
            }
#pragma warning disable CA1031 // The loop must outlive any failure: every caller of the group gets it instead.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogCommitFailed(ex, _group.Count, count, _database.Describe);
                var failure = new StorageUnavailableException($"The event log could not commit {count} records: {ex.Message}", ex);
                foreach (var pending in _group)
                {
                    pending.Completion.TrySetException(failure);
                }

                await ResetConnectionAsync();
            }
            finally
            {
                var budget = 0;
                foreach (var pending in _group)
                {
                    budget += pending.Budget;
                }

                Budget.Release(budget);
            }
        }
    }

    private async Task CommitAsync(int count)
    {
        var cancellationToken = _stopping.Token;
        var commands = _commands ??= await OpenCommandsAsync(cancellationToken);
        if (_rows.Length < count)
        {
            _rows = new (EventRecord, long)[Math.Max(count, _rows.Length * 2)];
        }

        // Positions are taken before the commit and never given back, even if it fails: a commit whose outcome is
        // unknown may have stored them, and a position must never name two records.
        var index = 0;
        foreach (var pending in _group)
        {
            foreach (var record in pending.Records)
            {
                _rows[index++] = (record, ++_lastPosition);
            }
        }

        using var turn = await _database.WaitToWriteAsync(urgent: true, cancellationToken);
        await using var transaction = await commands.Connection.BeginTransactionAsync(cancellationToken);
        var offset = 0;
        while (offset < count)
        {
            var size = ChunkSize(count - offset);
            var chunk = new ReadOnlyMemory<(EventRecord, long)>(_rows, offset, size);
            var inserted = await commands.InsertAsync(transaction, chunk, cancellationToken);
            if (inserted != size)
            {
                await ResolveDuplicatesAsync(commands, transaction, offset, size, cancellationToken);
            }

            offset += size;
        }

        await commands.WriteHighWaterAsync(transaction, _lastPosition, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        FillResults();
    }

    // Rows whose lookup finds their own position were stored; any other position means a duplicate of that record
    // (stored earlier, or earlier in this same batch), recorded as a negative position until FillResults.
    private async Task ResolveDuplicatesAsync(AppendCommands commands, DbTransaction transaction, int offset, int size, CancellationToken cancellationToken)
    {
        for (var i = offset; i < offset + size; i++)
        {
            var (record, position) = _rows[i];
            var stored = await commands.FindAsync(transaction, record.EventId, cancellationToken);
            if (stored is null)
            {
                // PostgreSQL, READ COMMITTED: the row the insert collided with was deleted (compacted or erased) and
                // committed since. Such an id is new again, as after any compaction: store it now.
                var inserted = await commands.InsertAsync(transaction, new ReadOnlyMemory<(EventRecord, long)>(_rows, i, 1), cancellationToken);
                stored = inserted == 1 ? position : await commands.FindAsync(transaction, record.EventId, cancellationToken);
            }

            if (stored is null)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Event '{record.EventId}' was neither inserted nor found."));
            }

            if (stored != position)
            {
                _rows[i].Position = -stored.Value;
            }
        }
    }

    private void FillResults()
    {
        var index = 0;
        foreach (var pending in _group)
        {
            var results = pending.Results;
            for (var i = 0; i < results.Length; i++)
            {
                var position = _rows[index].Position;
                results[i] = position > 0 ? new AppendResult(position, false) : new AppendResult(-position, true);
                _rows[index++] = default;
            }
        }
    }

    private int ChunkSize(int remaining) => Math.Min(remaining, _rowsPerStatement);

    private async Task<AppendCommands> OpenCommandsAsync(CancellationToken cancellationToken)
    {
        var connection = await _database.OpenAsync(cancellationToken);
        try
        {
            if (_database.EventLog["InitializeWriter"] is { Length: > 0 } initialize)
            {
                await using var setUp = _database.CreateCommand(connection, initialize);
                await setUp.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var read = _database.CreateCommand(connection, _database.EventLog["ReadHighWater"]);
            var highWater = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            _lastPosition = Math.Max(_lastPosition, highWater);
            var commands = new AppendCommands(_database, connection);
            commands.PrepareAll();
            return commands;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task ResetConnectionAsync()
    {
        if (_commands is null)
        {
            return;
        }

        try
        {
            await _commands.DisposeAsync();
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or IOException)
        {
            LogConnectionDisposeFailed(ex);
        }

        _commands = null;
    }

    [LoggerMessage(EventId = 5201, EventName = "GroupCommitFailed", Level = LogLevel.Error, Message = "Group commit of {Batches} batches ({Records} records) to {Database} failed; every caller of the group was failed")]
    private partial void LogCommitFailed(Exception exception, int batches, int records, string database);

    [LoggerMessage(EventId = 5202, EventName = "AppenderConnectionDisposeFailed", Level = LogLevel.Warning, Message = "Closing the appender's failed connection failed")]
    private partial void LogConnectionDisposeFailed(Exception exception);
}
