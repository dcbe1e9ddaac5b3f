using Microsoft.Data.Sqlite;
using Realtime.Actors;
using Realtime.Actors.Persistence;

namespace Realtime.Storage.Tests;

/// <summary>
/// SQLite's per-connection settings: applied once per physical connection, and a snapshot save (which relaxes
/// synchronous for itself) hands its pooled connection back with the full durability the event log relies on.
/// </summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private const long Full = 2;
    private readonly SqliteTarget _target = new();

    [Fact]
    public async Task PooledConnection_AfterASnapshotSave_IsBackToSynchronousFull()
    {
        var options = _target.NewDatabase();
        await using var store = await RealtimeStore.OpenAsync(options, TimeProvider.System);
        var results = await store.ActorStates.WriteAsync([new StateWrite(new ActorId("customer", "c1"), new byte[] { 1, 2, 3 }, 0, 7, null)], default);
        Assert.False(results[0].Conflict);

        // Plain connections from the same pool apply no settings of their own: they show what the save left behind
        // (the pool hands back the connection it returned last first).
        await using var database = Database.Create(options);
        var connectionString = database.DataSource.ConnectionString;
        await using var first = new SqliteConnection(connectionString);
        await first.OpenAsync();
        await using var second = new SqliteConnection(connectionString);
        await second.OpenAsync();

        Assert.Equal(Full, await SynchronousAsync(first));
        Assert.Equal(Full, await SynchronousAsync(second));
        Assert.Equal(7, (await store.ActorStates.ReadAsync(new ActorId("customer", "c1"), default))?.LogPosition);
    }

    [Fact]
    public async Task Reinitialize_AConnectionWhoseSettingsWereChanged_GetsThemBackOnItsNextOpen()
    {
        await using var database = Database.Create(_target.NewDatabase());
        await using (var connection = await database.OpenAsync(default))
        {
            await ExecuteAsync(connection, "PRAGMA synchronous = OFF;");
            database.Reinitialize(connection);
        }

        await using var again = await database.OpenAsync(default);
        Assert.Equal(Full, await SynchronousAsync(again));
    }

    public void Dispose() => _target.Dispose();

    private static async Task<long> SynchronousAsync(System.Data.Common.DbConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous;";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
