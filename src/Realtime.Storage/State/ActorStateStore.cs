using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Realtime.Actors.Persistence;

namespace Realtime.Storage.State;

/// <summary>
/// Actor snapshots over SQLite or PostgreSQL: payload, version, included log position and due time in one row,
/// so a save is atomic. A batch is one transaction; a write whose expected version is not the stored one is a
/// conflict and leaves the others of the batch alone. Due times are served by an index.
/// </summary>
public sealed class ActorStateStore : IActorStateStore
{
    private readonly Database _database;

    internal ActorStateStore(Database database)
    {
        _database = database;
    }

    public async ValueTask<StoredState?> ReadAsync(ActorId id, CancellationToken cancellationToken)
    {
        await LeaveCallerAsync();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _database.ActorState["ReadState"]);
        Database.AddParameter(command, "actor_type", DbType.String, id.Type);
        Database.AddParameter(command, "actor_key", DbType.String, id.Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadState(reader) : null;
    }

    public async ValueTask<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return [];
        }

        await LeaveCallerAsync();
        await using var connection = await _database.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "BeforeWriteTransaction", cancellationToken);
        try
        {
            return await WriteAsync(connection, writes, cancellationToken);
        }
        finally
        {
            await RestoreAsync(connection);
        }
    }

    private async Task<IReadOnlyList<WriteResult>> WriteAsync(DbConnection connection, IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(write.ExpectedVersion, nameof(writes));
        }

        var changed = new int[writes.Count];
        using var turn = await _database.WaitToWriteAsync(urgent: false, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "InWriteTransaction", cancellationToken);
        await using var batch = _database.CreateBatch(connection, transaction);
        if (batch is not null)
        {
            // Each command of the batch reports its own row count, so a conflict is still told per actor.
            foreach (var write in writes)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = _database.ActorState[write.ExpectedVersion == 0 ? "InsertState" : "UpdateState"];
                foreach (var (name, type) in WriteParameters(checksVersion: write.ExpectedVersion != 0))
                {
                    Database.AddParameter(command, name, type);
                }

                Bind(command.Parameters, write);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            for (var i = 0; i < writes.Count; i++)
            {
                changed[i] = batch.BatchCommands[i].RecordsAffected;
            }
        }
        else
        {
            // SQLite has no command batches (it runs in process): one prepared statement each, bound natively.
            using var writer = new SqliteStateWriter((SqliteConnection)connection, _database.ActorState["InsertState"], _database.ActorState["UpdateState"]);
            for (var i = 0; i < writes.Count; i++)
            {
                changed[i] = writer.Write(writes[i]) ? 1 : 0;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        var results = new WriteResult[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            results[i] = changed[i] == 1 ? new WriteResult(false, writes[i].ExpectedVersion + 1) : new WriteResult(true, 0);
        }

        return results;
    }

    // InsertState (never saved) and UpdateState (also checks the version read) share the first six.
    private static ReadOnlySpan<(string Name, DbType Type)> WriteParameters(bool checksVersion) =>
        AllWriteParameters.AsSpan(0, checksVersion ? 7 : 6);

    private static readonly (string Name, DbType Type)[] AllWriteParameters =
    [
        ("actor_type", DbType.String), ("actor_key", DbType.String), ("version", DbType.Int64), ("log_position", DbType.Int64),
        ("due_at", DbType.Int64), ("payload", DbType.Binary), ("expected_version", DbType.Int64),
    ];

    private static void Bind(DbParameterCollection parameters, StateWrite write)
    {
        parameters[0].Value = write.Id.Type;
        parameters[1].Value = write.Id.Key;
        parameters[2].Value = write.ExpectedVersion + 1;
        parameters[3].Value = write.LogPosition;
        parameters[4].Value = write.DueAt is { } due ? UnixTime.ToMicros(due) : DBNull.Value;
        parameters[5].Value = Database.AsArray(write.Payload);
        if (write.ExpectedVersion != 0)
        {
            parameters[6].Value = write.ExpectedVersion;
        }
    }

    // Callers are actor workers: Microsoft.Data.Sqlite runs synchronously (and may wait for the write lock), so
    // without this the worker would stall every actor of its shard, and every look-up, for the length of the I/O.
    private static YieldAwaitable LeaveCallerAsync() => Task.Yield();

    // The pooled connection goes back with the durability every other writer expects; if that fails, its next
    // open applies the per-connection settings again.
    private async Task RestoreAsync(DbConnection connection)
    {
        try
        {
            await ExecuteAsync(connection, null, "AfterWriteTransaction", CancellationToken.None);
        }
        catch (DbException)
        {
            _database.Reinitialize(connection);
        }
    }

    private async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string section, CancellationToken cancellationToken)
    {
        var sql = _database.ActorState[section];
        if (sql.Length > 0)
        {
            await using var command = _database.CreateCommand(connection, sql, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async ValueTask DeleteAsync(ActorId id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _database.ActorState["DeleteState"]);
        Database.AddParameter(command, "actor_type", DbType.String, id.Type);
        Database.AddParameter(command, "actor_key", DbType.String, id.Key);
        using var turn = await _database.WaitToWriteAsync(urgent: false, cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async IAsyncEnumerable<DueActor> ReadDueAsync(DateTimeOffset until, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _database.ActorState["ReadDue"]);
        Database.AddParameter(command, "until", DbType.Int64, UnixTime.ToMicros(until));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new DueActor(
                new ActorId(reader.GetString(0), reader.GetString(1)),
                UnixTime.FromMicros(reader.GetInt64(2)));
        }
    }

    /// <summary>Every saved key of one actor type, in key order, read a page at a time.</summary>
    public async IAsyncEnumerable<string> ListKeysAsync(string actorType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int Page = 4096;
        var after = "";
        while (true)
        {
            var count = 0;
            await using (var connection = await _database.OpenAsync(cancellationToken))
            await using (var command = _database.CreateCommand(connection, _database.ActorState["ListKeys"]))
            {
                Database.AddParameter(command, "actor_type", DbType.String, actorType);
                Database.AddParameter(command, "after_key", DbType.String, after);
                Database.AddParameter(command, "max_count", DbType.Int64, (long)Page);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    after = reader.GetString(0);
                    count++;
                    yield return after;
                }
            }

            if (count < Page)
            {
                yield break;
            }
        }
    }

    /// <summary>Every saved state of one actor type, streamed in one pass (no order).</summary>
    public async IAsyncEnumerable<(string Key, byte[] Payload)> ReadAllAsync(string actorType, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _database.ActorState["ReadAllStates"]);
        Database.AddParameter(command, "actor_type", DbType.String, actorType);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    internal static StoredState ReadState(DbDataReader reader)
    {
        var dueOrdinal = reader.GetOrdinal("due_at");
        return new StoredState(
            (byte[])reader.GetValue(reader.GetOrdinal("payload")),
            reader.GetInt64(reader.GetOrdinal("version")),
            reader.GetInt64(reader.GetOrdinal("log_position")),
            reader.IsDBNull(dueOrdinal) ? null : UnixTime.FromMicros(reader.GetInt64(dueOrdinal)));
    }
}
