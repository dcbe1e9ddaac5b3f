using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Realtime.Storage.Identity;

/// <summary>
/// SQLite's path for the identity claims that ride in the event log's group commit: <c>UpsertIdentity</c> from
/// <c>Sqlite-Identity.sql</c>, prepared once on the appender's connection and bound by index, like the log's rows
/// (<see cref="EventLog.SqliteRowInserter"/>), instead of an ADO.NET command and binder per claim.
/// </summary>
internal sealed class SqliteClaimWriter : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int _kind;
    private readonly int _value;
    private readonly int _customer;
    private byte[] _text = new byte[128];

    public SqliteClaimWriter(SqliteConnection connection, string upsertSql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        _statement = SqliteNative.Prepare(_db, upsertSql);
        try
        {
            _kind = SqliteNative.IndexOf(_statement, "@key_kind");
            _value = SqliteNative.IndexOf(_statement, "@key_value");
            _customer = SqliteNative.IndexOf(_statement, "@customer_id");
        }
        catch
        {
            _statement.Dispose();
            throw;
        }
    }

    public void Write(IReadOnlyList<IdentityClaim> claims)
    {
        foreach (var (customerId, key) in claims)
        {
            SqliteNative.BindText(_db, _statement, _kind, key.Kind.ToString(), ref _text);
            SqliteNative.BindText(_db, _statement, _value, key.Value, ref _text);
            SqliteNative.BindText(_db, _statement, _customer, customerId, ref _text);
            SqliteNative.Execute(_db, _statement);
        }
    }

    public void Dispose() => _statement.Dispose();
}
