using Npgsql;
using Realtime.Testing;

namespace Realtime.Server.Tests.Infrastructure;

/// <summary>
/// A fresh schema on the throw-away PostgreSQL named by REALTIME_TEST_POSTGRES (start one with
/// <c>eval "$(tests/postgres/start.sh)"</c>), dropped on dispose. A missing variable fails the test, locally and
/// on CI: a PostgreSQL test never passes without running.
/// </summary>
public sealed class TestPostgres : IAsyncDisposable
{
    public const string EnvironmentVariable = "REALTIME_TEST_POSTGRES";
    private readonly NpgsqlDataSource _admin;
    private readonly string _schema;

    private TestPostgres(NpgsqlDataSource admin, string schema, string connectionString)
    {
        _admin = admin;
        _schema = schema;
        ConnectionString = connectionString;
    }

    /// <summary>The connection string for <c>--Realtime:Postgres</c>: the tables go into the new schema.</summary>
    public string ConnectionString { get; }

    public static async Task<TestPostgres> CreateSchemaAsync()
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Fail($"{EnvironmentVariable} is not set{(RequiredTool.RunningInCi ? " (CI=true)" : "")}: this test needs a PostgreSQL server. " +
                "Start a throw-away one with: eval \"$(tests/postgres/start.sh)\"");
        }

        var admin = NpgsqlDataSource.Create(server);
        var schema = "srv_" + Guid.NewGuid().ToString("N");
        await using (var command = admin.CreateCommand($"CREATE SCHEMA {schema}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new TestPostgres(admin, schema, new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await using (var command = _admin.CreateCommand($"DROP SCHEMA IF EXISTS {_schema} CASCADE"))
        {
            await command.ExecuteNonQueryAsync();
        }

        await _admin.DisposeAsync();
    }
}
