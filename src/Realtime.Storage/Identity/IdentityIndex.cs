using System.Data;
using Realtime.Storage.Privacy;

namespace Realtime.Storage.Identity;

/// <summary>
/// Customer id ↔ email / phone / anonymous id, durable so that a lookup by email or phone works after a restart.
/// A key belongs to one customer at a time: upserting it for another customer moves it.
/// </summary>
public sealed class IdentityIndex
{
    private readonly Database _database;

    internal IdentityIndex(Database database)
    {
        _database = database;
    }

    /// <summary>Records that <paramref name="keys"/> name <paramref name="customerId"/>, in one transaction.</summary>
    public Task UpsertAsync(string customerId, IReadOnlyCollection<IdentityKey> keys, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        ArgumentNullException.ThrowIfNull(keys);
        return UpsertAsync([.. keys.Select(key => new IdentityClaim(customerId, key))], cancellationToken);
    }

    /// <summary>
    /// Records many claims in one transaction (one commit, one fsync for a whole ingest batch), in order: a key
    /// claimed twice ends with the later claimant.
    /// </summary>
    public async Task UpsertAsync(IReadOnlyList<IdentityClaim> claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.Count == 0)
        {
            return;
        }

        await using var connection = await _database.OpenAsync(cancellationToken);
        foreach (var (customerId, key) in claims)
        {
            ArgumentException.ThrowIfNullOrEmpty(customerId, nameof(claims));
            ArgumentException.ThrowIfNullOrEmpty(key.Value, nameof(claims));
        }

        var sql = _database.Identity["UpsertIdentity"];
        using var turn = await _database.WaitToWriteAsync(urgent: true, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = _database.CreateBatch(connection, transaction);
        if (batch is not null)
        {
            foreach (var (customerId, key) in claims)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                Database.AddParameter(command, "key_kind", DbType.String, key.Kind.ToString());
                Database.AddParameter(command, "key_value", DbType.String, key.Value);
                Database.AddParameter(command, "customer_id", DbType.String, customerId);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            await using var command = _database.CreateCommand(connection, sql, transaction);
            var kind = Database.AddParameter(command, "key_kind", DbType.String, "");
            var value = Database.AddParameter(command, "key_value", DbType.String, "");
            var customer = Database.AddParameter(command, "customer_id", DbType.String, "");
            foreach (var (customerId, key) in claims)
            {
                kind.Value = key.Kind.ToString();
                value.Value = key.Value;
                customer.Value = customerId;
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The customer id a key names, or null.</summary>
    public async Task<string?> ResolveAsync(IdentityKey key, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _database.Identity["ResolveIdentity"]);
        Database.AddParameter(command, "key_kind", DbType.String, key.Kind.ToString());
        Database.AddParameter(command, "key_value", DbType.String, key.Value);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Every key that names a customer.</summary>
    public async Task<IReadOnlyList<IdentityKey>> ReadKeysAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await PrivacyQueries.ReadIdentityKeysAsync(_database, connection, null, customerId, cancellationToken);
    }

    /// <summary>Removes every key of a customer; returns how many were removed.</summary>
    public async Task<int> RemoveCustomerAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _database.Identity["DeleteCustomerIdentities"]);
        Database.AddParameter(command, "customer_id", DbType.String, customerId);
        using var turn = await _database.WaitToWriteAsync(urgent: false, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
