using Npgsql;

namespace Realtime.Benchmarks.Storage;

/// <summary>A fresh schema on the server named by REALTIME_TEST_POSTGRES, for one benchmark run.</summary>
internal static class BenchmarkPostgres
{
    public static async Task<string> NewSchemaAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("REALTIME_TEST_POSTGRES")
            ?? throw new InvalidOperationException("REALTIME_TEST_POSTGRES is not set: eval \"$(tests/postgres/start.sh)\" first, or filter to SQLite.");
        var schema = "bench_" + Guid.NewGuid().ToString("N");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        await using (var command = dataSource.CreateCommand($"CREATE SCHEMA {schema}"))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
    }
}
