using Npgsql;
using Realtime.Storage;
using Realtime.Testing;

namespace Realtime.Storage.Tests;

/// <summary>
/// PostgreSQL: the server named by REALTIME_TEST_POSTGRES (start one with <c>eval "$(tests/postgres/start.sh)"</c>);
/// each test database is its own schema, dropped with the fixture. A missing variable fails every test, locally
/// and on CI: the suite never passes without running.
/// </summary>
public sealed class PostgresTarget : IStoreTarget, IAsyncLifetime
{
    public const string EnvironmentVariable = "REALTIME_TEST_POSTGRES";
    private readonly List<string> _schemas = [];
    private readonly string? _connectionString = Environment.GetEnvironmentVariable(EnvironmentVariable);
    private NpgsqlDataSource? _admin;

    public Task InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(_connectionString))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set{(RequiredTool.RunningInCi ? " (CI=true)" : "")}: the PostgreSQL store tests need a server. " +
                "Start a throw-away one with: eval \"$(tests/postgres/start.sh)\"");
        }

        _admin = NpgsqlDataSource.Create(_connectionString);
        return Task.CompletedTask;
    }

    public StorageOptions NewDatabase()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        using (var command = Admin.CreateCommand($"CREATE SCHEMA {schema}"))
        {
            command.ExecuteNonQuery();
        }

        lock (_schemas)
        {
            _schemas.Add(schema);
        }

        var builder = new NpgsqlConnectionStringBuilder(_connectionString) { SearchPath = schema };
        return new StorageOptions { Postgres = builder.ConnectionString };
    }

    public async Task<IAsyncDisposable> LockEventLogAsync(StorageOptions options)
    {
        var connection = new NpgsqlConnection(options.Postgres);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE event_log IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new Lock(connection, transaction);
    }

    public async Task DisposeAsync()
    {
        if (_admin is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        foreach (var schema in _schemas)
        {
            await using var command = _admin.CreateCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            await command.ExecuteNonQueryAsync();
        }

        await _admin.DisposeAsync();
    }

    private NpgsqlDataSource Admin => _admin ?? throw new InvalidOperationException("The PostgreSQL fixture was not initialised.");

    private sealed class Lock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        }
    }
}
