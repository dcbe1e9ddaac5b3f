using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Realtime.Storage.EventLog;

/// <summary>
/// SQLite's append hot path: the same <c>AppendEvents</c> statement from <c>Sqlite-EventLog.sql</c>, prepared once
/// on the appender's connection and bound by index through the connection's native handle, inside the ADO.NET
/// transaction. Measured: ADO.NET's per-execution binding by parameter name cost about three times the insert itself
/// (docs/benchmarks/storage.md); everything else stays on the shared ADO.NET path.
/// </summary>
internal sealed class SqliteRowInserter : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private byte[] _text = new byte[256];

    public SqliteRowInserter(SqliteConnection connection, string singleRowInsertSql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        // Named parameters become indexes 1..6 in order of first appearance: position, event_id, actor_key,
        // occurred_at, event_type, payload (the AppendEvents order).
        _statement = SqliteNative.Prepare(_db, singleRowInsertSql);
    }

    /// <summary>Inserts one record; false when its event id was already stored (ON CONFLICT DO NOTHING).</summary>
    public bool Insert(in EventRecord record, long position)
    {
        Check(raw.sqlite3_bind_int64(_statement, 1, position));
        SqliteNative.BindText(_db, _statement, 2, record.EventId, ref _text);
        SqliteNative.BindText(_db, _statement, 3, record.ActorKey, ref _text);
        Check(raw.sqlite3_bind_int64(_statement, 4, UnixTime.ToMicros(record.OccurredAt)));
        SqliteNative.BindText(_db, _statement, 5, record.EventType, ref _text);
        Check(raw.sqlite3_bind_blob(_statement, 6, record.Payload.Span));
        return SqliteNative.Execute(_db, _statement) == 1;
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc) => SqliteNative.Check(_db, rc);
}
