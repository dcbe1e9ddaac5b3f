using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Realtime.Storage;

/// <summary>
/// Helpers for the hot paths that run a prepared statement on a connection's native handle and bind it by index,
/// inside the ADO.NET transaction: binding by parameter name through ADO.NET costs more than the row itself.
/// </summary>
internal static class SqliteNative
{
    public static sqlite3_stmt Prepare(sqlite3 db, string sql)
    {
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        return statement;
    }

    /// <summary>The index of a named parameter (as written in the SQL, e.g. <c>@actor_key</c>).</summary>
    public static int IndexOf(sqlite3_stmt statement, string name)
    {
        var index = raw.sqlite3_bind_parameter_index(statement, name);
        return index > 0 ? index : throw new InvalidOperationException($"The statement has no parameter {name}.");
    }

    /// <summary>
    /// Runs a bound statement that returns no rows and resets it; the rows it changed. Bindings are kept: every caller
    /// binds all of a statement's parameters before each run.
    /// </summary>
    public static int Execute(sqlite3 db, sqlite3_stmt statement)
    {
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
            {
                Check(db, rc);
            }

            return raw.sqlite3_changes(db);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>
    /// Binds <paramref name="value"/> as UTF-8 text encoded into the caller's <paramref name="scratch"/> (SQLite copies
    /// it): binding a string directly allocates a UTF-8 array per value, three per event on the append path.
    /// </summary>
    public static void BindText(sqlite3 db, sqlite3_stmt statement, int index, string value, ref byte[] scratch)
    {
        if (value.Length == 0)
        {
            // An empty span binds NULL, not ''.
            Check(db, raw.sqlite3_bind_text(statement, index, value));
            return;
        }

        var most = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (scratch.Length < most)
        {
            scratch = new byte[Math.Max(most, scratch.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, scratch);
        Check(db, raw.sqlite3_bind_text(statement, index, scratch.AsSpan(0, length)));
    }

    public static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK && rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            throw new SqliteException($"SQLite error {rc}: {raw.sqlite3_errmsg(db).utf8_to_string()}", rc);
        }
    }
}
