using System.Data;
using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Realtime.Storage.EventLog;

/// <summary>
/// The appender's prepared commands on its own connection: a multi-row insert per chunk size (reused across
/// commits, so each is parsed once), the duplicate lookup and the high-water update.
/// </summary>
internal sealed partial class AppendCommands(Database database, DbConnection connection, int rowsPerStatement) : IAsyncDisposable
{
    private const int ColumnsPerRow = 6;
    private readonly DbCommand?[] _inserts = new DbCommand?[rowsPerStatement + 1];
    private SqliteRowInserter? _sqliteRows;
    private DbCommand? _find;
    private DbCommand? _highWater;

    public DbConnection Connection { get; } = connection;

    /// <summary>
    /// Prepares the insert of every chunk size the writer uses (powers of two up to <see cref="RowsPerStatement"/>)
    /// now, while the connection is fresh, so a commit never waits on a parse.
    /// </summary>
    public void PrepareAll()
    {
        if (Connection is SqliteConnection sqlite)
        {
            _sqliteRows = new SqliteRowInserter(sqlite, InsertSql(1));
            return;
        }

        for (var size = 1; size <= RowsPerStatement; size *= 2)
        {
            _inserts[size] ??= CreateInsert(size);
        }
    }

    public int RowsPerStatement { get; } = rowsPerStatement;

    /// <summary>Inserts records [start, start+count) with their positions; returns how many rows were inserted (the rest were duplicates).</summary>
    public async Task<int> InsertAsync(DbTransaction transaction, ReadOnlyMemory<(EventRecord Record, long Position)> rows, CancellationToken cancellationToken)
    {
        if (_sqliteRows is not null)
        {
            var inserted = 0;
            foreach (var (record, position) in rows.Span)
            {
                inserted += _sqliteRows.Insert(record, position) ? 1 : 0;
            }

            return inserted;
        }

        var command = _inserts[rows.Length] ?? throw new InvalidOperationException($"No insert prepared for {rows.Length} rows.");
        command.Transaction = transaction;
        var parameters = command.Parameters;
        var span = rows.Span;
        for (var i = 0; i < span.Length; i++)
        {
            var (record, position) = span[i];
            var p = i * ColumnsPerRow;
            parameters[p].Value = position;
            parameters[p + 1].Value = record.EventId;
            parameters[p + 2].Value = record.ActorKey;
            parameters[p + 3].Value = UnixTime.ToMicros(record.OccurredAt);
            parameters[p + 4].Value = record.EventType;
            parameters[p + 5].Value = AsArray(record.Payload);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The position stored for an event id, or null.</summary>
    public async Task<long?> FindAsync(DbTransaction transaction, string eventId, CancellationToken cancellationToken)
    {
        if (_find is null)
        {
            _find = database.CreateCommand(Connection, database.EventLog["FindEventPosition"]);
            Database.AddParameter(_find, "event_id", DbType.String, "");
        }

        _find.Transaction = transaction;
        _find.Parameters[0].Value = eventId;
        var value = await _find.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task WriteHighWaterAsync(DbTransaction transaction, long position, CancellationToken cancellationToken)
    {
        if (_highWater is null)
        {
            _highWater = database.CreateCommand(Connection, database.EventLog["WriteHighWater"]);
            Database.AddParameter(_highWater, "position", DbType.Int64, 0L);
        }

        _highWater.Transaction = transaction;
        _highWater.Parameters[0].Value = position;
        await _highWater.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _sqliteRows?.Dispose();
        foreach (var command in _inserts)
        {
            if (command is not null)
            {
                await command.DisposeAsync();
            }
        }

        if (_find is not null)
        {
            await _find.DisposeAsync();
        }

        if (_highWater is not null)
        {
            await _highWater.DisposeAsync();
        }

        await Connection.DisposeAsync();
    }

    private string InsertSql(int rowCount)
    {
        var row = database.EventLog["AppendEventsRow"];
        var values = new StringBuilder();
        for (var i = 0; i < rowCount; i++)
        {
            values.Append(i == 0 ? "" : ",\n").Append(ParameterName().Replace(row, m => $"{m.Value}_{i}"));
        }

        return database.EventLog["AppendEvents"].Replace("{values}", values.ToString(), StringComparison.Ordinal);
    }

    private DbCommand CreateInsert(int rowCount)
    {
        var command = database.CreateCommand(Connection, InsertSql(rowCount));
        for (var i = 0; i < rowCount; i++)
        {
            Database.AddParameter(command, $"position_{i}", DbType.Int64, 0L);
            Database.AddParameter(command, $"event_id_{i}", DbType.String, "");
            Database.AddParameter(command, $"actor_key_{i}", DbType.String, "");
            Database.AddParameter(command, $"occurred_at_{i}", DbType.Int64, 0L);
            Database.AddParameter(command, $"event_type_{i}", DbType.String, "");
            Database.AddParameter(command, $"payload_{i}", DbType.Binary, Array.Empty<byte>());
        }

        command.Prepare();
        return command;
    }

    private static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    [GeneratedRegex(@"@[a-z_]+", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterName();
}
