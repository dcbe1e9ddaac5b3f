using Microsoft.Data.Sqlite;
using Realtime.Actors.Persistence;
using SQLitePCL;

namespace Realtime.Storage.State;

/// <summary>
/// SQLite's snapshot-save path: <c>InsertState</c> and <c>UpdateState</c> from <c>Sqlite-ActorState.sql</c>, prepared
/// on the connection's native handle and bound by index (looked up by name once), inside the ADO.NET transaction.
/// Write-behind saves a thousand states per transaction while ingest waits for the write lock: through ADO.NET each
/// save also allocated a binder per parameter.
/// </summary>
internal sealed class SqliteStateWriter : IDisposable
{
    private readonly sqlite3 _db;
    private readonly Statement _insert;
    private readonly Statement _update;
    private byte[] _text = new byte[128];

    public SqliteStateWriter(SqliteConnection connection, string insertSql, string updateSql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        _insert = new Statement(_db, insertSql, checksVersion: false);
        try
        {
            _update = new Statement(_db, updateSql, checksVersion: true);
        }
        catch
        {
            _insert.Dispose();
            throw;
        }
    }

    /// <summary>Writes one state; false when the stored version is not the expected one (a conflict).</summary>
    public bool Write(in StateWrite write)
    {
        var statement = write.ExpectedVersion == 0 ? _insert : _update;
        var native = statement.Native;
        SqliteNative.BindText(_db, native, statement.ActorType, write.Id.Type, ref _text);
        SqliteNative.BindText(_db, native, statement.ActorKey, write.Id.Key, ref _text);
        SqliteNative.Check(_db, raw.sqlite3_bind_int64(native, statement.Version, write.ExpectedVersion + 1));
        SqliteNative.Check(_db, raw.sqlite3_bind_int64(native, statement.LogPosition, write.LogPosition));
        SqliteNative.Check(_db, write.DueAt is { } due
            ? raw.sqlite3_bind_int64(native, statement.DueAt, UnixTime.ToMicros(due))
            : raw.sqlite3_bind_null(native, statement.DueAt));
        SqliteNative.Check(_db, raw.sqlite3_bind_blob(native, statement.Payload, write.Payload.Span));
        if (statement.ExpectedVersion > 0)
        {
            SqliteNative.Check(_db, raw.sqlite3_bind_int64(native, statement.ExpectedVersion, write.ExpectedVersion));
        }

        return SqliteNative.Execute(_db, native) == 1;
    }

    public void Dispose()
    {
        _insert.Dispose();
        _update.Dispose();
    }

    private sealed class Statement : IDisposable
    {
        public Statement(sqlite3 db, string sql, bool checksVersion)
        {
            Native = SqliteNative.Prepare(db, sql);
            try
            {
                ActorType = SqliteNative.IndexOf(Native, "@actor_type");
                ActorKey = SqliteNative.IndexOf(Native, "@actor_key");
                Version = SqliteNative.IndexOf(Native, "@version");
                LogPosition = SqliteNative.IndexOf(Native, "@log_position");
                DueAt = SqliteNative.IndexOf(Native, "@due_at");
                Payload = SqliteNative.IndexOf(Native, "@payload");
                ExpectedVersion = checksVersion ? SqliteNative.IndexOf(Native, "@expected_version") : 0;
            }
            catch
            {
                Native.Dispose();
                throw;
            }
        }

        public sqlite3_stmt Native { get; }

        public int ActorType { get; }

        public int ActorKey { get; }

        public int Version { get; }

        public int LogPosition { get; }

        public int DueAt { get; }

        public int Payload { get; }

        /// <summary>0 for the insert, which checks no version.</summary>
        public int ExpectedVersion { get; }

        public void Dispose() => Native.Dispose();
    }
}
