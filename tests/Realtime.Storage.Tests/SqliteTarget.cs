using Microsoft.Data.Sqlite;
using Realtime.Storage;

namespace Realtime.Storage.Tests;

/// <summary>SQLite: each test database is its own file under a temp folder, removed with the fixture.</summary>
public sealed class SqliteTarget : IStoreTarget, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "realtime-storage-tests", Guid.NewGuid().ToString("N"));

    public StorageOptions NewDatabase() => new() { DataDir = Path.Combine(_root, Guid.NewGuid().ToString("N")) };

    public async Task<IAsyncDisposable> LockEventLogAsync(StorageOptions options)
    {
        var connection = new SqliteConnection($"Data Source={options.SqlitePath};Pooling=False");
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            // In WAL mode an EXCLUSIVE transaction blocks every other writer (readers go on).
            command.CommandText = "BEGIN EXCLUSIVE; DELETE FROM storage_meta WHERE name = 'no such row';";
            await command.ExecuteNonQueryAsync();
        }

        return new Lock(connection);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private sealed class Lock(SqliteConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "ROLLBACK;";
                await command.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
