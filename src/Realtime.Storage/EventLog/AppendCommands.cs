using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Realtime.Storage.EventLog;

/// <summary>
/// The appender's prepared commands on its own connection: the insert of <c>AppendEvents</c> (SQLite: one row per
/// execution on the native statement; PostgreSQL: a chunk per execution, a column per array parameter), the
/// duplicate lookup and the high-water update. Each is parsed once, for the connection's life.
/// </summary>
internal sealed class AppendCommands(Database database, DbConnection connection) : IAsyncDisposable
{
    private SqliteRowInserter? _sqliteRows;
    private DbCommand? _insertColumns;
    private DbCommand? _find;
    private DbCommand? _highWater;

    public DbConnection Connection { get; } = connection;

    /// <summary>Prepares the insert now, while the connection is fresh, so a commit never waits on a parse.</summary>
    public void PrepareAll()
    {
        var sql = database.EventLog["AppendEvents"];
        if (Connection is SqliteConnection sqlite)
        {
            _sqliteRows ??= new SqliteRowInserter(sqlite, sql);
            return;
        }

        if (_insertColumns is null)
        {
            // Typed by their (empty) values: bigint[], text[], bytea[].
            _insertColumns = database.CreateCommand(Connection, sql);
            AddColumn(_insertColumns, "position", Array.Empty<long>());
            AddColumn(_insertColumns, "event_id", Array.Empty<string>());
            AddColumn(_insertColumns, "actor_key", Array.Empty<string>());
            AddColumn(_insertColumns, "occurred_at", Array.Empty<long>());
            AddColumn(_insertColumns, "event_type", Array.Empty<string>());
            AddColumn(_insertColumns, "payload", Array.Empty<byte[]>());
            _insertColumns.Prepare();
        }
    }

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

        var command = _insertColumns ?? throw new InvalidOperationException("PrepareAll was not called.");
        var span = rows.Span;
        var positions = new long[span.Length];
        var eventIds = new string[span.Length];
        var actorKeys = new string[span.Length];
        var occurredAt = new long[span.Length];
        var eventTypes = new string[span.Length];
        var payloads = new byte[span.Length][];
        for (var i = 0; i < span.Length; i++)
        {
            var (record, position) = span[i];
            positions[i] = position;
            eventIds[i] = record.EventId;
            actorKeys[i] = record.ActorKey;
            occurredAt[i] = UnixTime.ToMicros(record.OccurredAt);
            eventTypes[i] = record.EventType;
            payloads[i] = Database.AsArray(record.Payload);
        }

        command.Transaction = transaction;
        var parameters = command.Parameters;
        parameters[0].Value = positions;
        parameters[1].Value = eventIds;
        parameters[2].Value = actorKeys;
        parameters[3].Value = occurredAt;
        parameters[4].Value = eventTypes;
        parameters[5].Value = payloads;
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
        if (_insertColumns is not null)
        {
            await _insertColumns.DisposeAsync();
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

    private static void AddColumn(DbCommand command, string name, Array empty)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = empty;
        command.Parameters.Add(parameter);
    }
}
