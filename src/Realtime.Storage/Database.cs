using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Npgsql;
using Realtime.Storage.Sql;

namespace Realtime.Storage;

/// <summary>
/// The one ADO.NET path both vendors share: a <see cref="DbDataSource"/>, the vendor's embedded SQL, and helpers
/// for connections, commands and parameters. Nothing above this class knows which vendor it talks to.
/// </summary>
internal sealed class Database : IAsyncDisposable
{
    private static readonly object Initialized = new();
    private readonly string _initializeConnection;

    // Physical connections that have had the per-connection settings applied (weak: the pool owns them).
    private readonly ConditionalWeakTable<object, object> _initialized = new();

    // SQLite only: writers of this process take turns here rather than at SQLite's lock (WaitToWriteAsync).
    private readonly WriteGate? _writeGate;

    private Database(StorageVendor vendor, DbDataSource dataSource, StorageOptions options)
    {
        Vendor = vendor;
        DataSource = dataSource;
        CommandTimeoutSeconds = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds);
        Schema = SqlScripts.Load(vendor, "Schema");
        EventLog = SqlScripts.Load(vendor, "EventLog");
        ActorState = SqlScripts.Load(vendor, "ActorState");
        Identity = SqlScripts.Load(vendor, "Identity");
        Privacy = SqlScripts.Load(vendor, "Privacy");
        _initializeConnection = Schema["InitializeConnection"];
        if (vendor == StorageVendor.Sqlite)
        {
            // Writers of this process queue at _writeGate; busy_timeout still covers whatever meets the lock anyway
            // (a checkpoint, another process). Without it, Microsoft.Data.Sqlite retries a busy statement every 150 ms.
            _writeGate = new WriteGate(TimeProvider.System);
            _initializeConnection += $"\nPRAGMA busy_timeout = {(long)options.CommandTimeout.TotalMilliseconds};";
        }
    }

    public StorageVendor Vendor { get; }

    public DbDataSource DataSource { get; }

    public int CommandTimeoutSeconds { get; }

    public SqlScripts Schema { get; }

    public SqlScripts EventLog { get; }

    public SqlScripts ActorState { get; }

    public SqlScripts Identity { get; }

    public SqlScripts Privacy { get; }

    /// <summary>A human-readable description of where the data lives, without secrets.</summary>
    public string Describe { get; private init; } = "";

    public static Database Create(StorageOptions options)
    {
        if (options.Vendor == StorageVendor.PostgreSql)
        {
            var builder = new NpgsqlConnectionStringBuilder(options.Postgres);
            if (!options.Postgres!.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
            {
                // Every statement here repeats (state reads and saves, identity links, look-ups): prepared once per
                // physical connection, the server stops parsing and planning each execution. A connection string
                // that sets it keeps its own value.
                builder.MaxAutoPrepare = 64;
            }

            var dataSource = NpgsqlDataSource.Create(builder);
            return new Database(StorageVendor.PostgreSql, dataSource, options)
            {
                Describe = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database} (search path {builder.SearchPath ?? "default"})",
            };
        }

        var path = options.SqlitePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(options.CommandTimeout.TotalSeconds),
        }.ToString();
        return new Database(StorageVendor.Sqlite, SqliteFactory.Instance.CreateDataSource(connectionString), options)
        {
            Describe = $"SQLite {path}",
        };
    }

    /// <summary>
    /// Opens a connection; a new physical connection first gets the vendor's per-connection settings (SQLite: WAL,
    /// synchronous=FULL). Pooled connections keep them, so an open costs no statement.
    /// </summary>
    public async ValueTask<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var physical = PhysicalConnection(connection);
            if (_initializeConnection.Length > 0 && !_initialized.TryGetValue(physical, out _))
            {
                await using var command = CreateCommand(connection, _initializeConnection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                _initialized.AddOrUpdate(physical, Initialized);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The next open of this physical connection applies the per-connection settings again.</summary>
    public void Reinitialize(DbConnection connection) => _initialized.Remove(PhysicalConnection(connection));

    // SQLite's pool hands out new SqliteConnection objects over the same native handle.
    private static object PhysicalConnection(DbConnection connection) =>
        connection is SqliteConnection sqlite ? sqlite.Handle ?? (object)sqlite : connection;

    /// <summary>
    /// Waits for this process's turn to write; take it before beginning a write transaction (or a lone write) and
    /// dispose it after the commit. <paramref name="urgent"/>: someone waits for this write (ingest), so it gets the
    /// larger share of the lock against write-behind work (see <see cref="WriteGate"/>). PostgreSQL locks rows, not
    /// the database: no turns.
    /// </summary>
    public ValueTask<WriteTurn> WaitToWriteAsync(bool urgent, CancellationToken cancellationToken) =>
        _writeGate is null ? ValueTask.FromResult(default(WriteTurn)) : _writeGate.EnterAsync(urgent, cancellationToken);

    /// <summary>
    /// A transaction that only reads, from one snapshot. On SQLite a deferred one: it takes no write lock, so a long
    /// read (a scan of the log) never holds up the appender; write in a transaction of its own afterwards.
    /// </summary>
    public async ValueTask<DbTransaction> BeginReadTransactionAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);

    public DbCommand CreateCommand(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = CommandTimeoutSeconds;
        command.Transaction = transaction;
        return command;
    }

    public static DbParameter AddParameter(DbCommand command, string name, DbType type, object? value = null) =>
        AddTo(command.Parameters, command.CreateParameter(), name, type, value);

    public static DbParameter AddParameter(DbBatchCommand command, string name, DbType type, object? value = null) =>
        AddTo(command.Parameters, command.CreateParameter(), name, type, value);

    /// <summary>
    /// A batch of commands for one round trip, where the vendor has them (PostgreSQL: a save batch of 1,024 states was
    /// 1,024 round trips); null on SQLite, which runs in process and re-executes one prepared command instead.
    /// </summary>
    public DbBatch? CreateBatch(DbConnection connection, DbTransaction transaction)
    {
        if (!connection.CanCreateBatch)
        {
            return null;
        }

        var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        batch.Timeout = CommandTimeoutSeconds;
        return batch;
    }

    /// <summary>
    /// Bytes as one whole array, for a parameter value (the providers bind byte[], not memory): the array itself when
    /// the memory spans all of it, else a copy.
    /// </summary>
    public static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private static DbParameter AddTo(DbParameterCollection parameters, DbParameter parameter, string name, DbType type, object? value)
    {
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        parameters.Add(parameter);
        return parameter;
    }

    public ValueTask DisposeAsync()
    {
        if (DataSource is NpgsqlDataSource)
        {
            return DataSource.DisposeAsync();
        }

        // SQLite keeps pooled connections per process; clearing this file's pool releases it (tests delete it).
        using (var connection = new SqliteConnection(DataSource.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        return DataSource.DisposeAsync();
    }
}
