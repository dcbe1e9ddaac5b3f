using System.Data;
using System.Data.Common;
using System.Globalization;
using Realtime.Storage.Sql;

namespace Realtime.Storage.Rulesets;

/// <summary>
/// Every published ruleset version, one row each; the highest version is the active one. Versions are consecutive
/// from 1: <see cref="PublishAsync"/> stores only the version right after the latest, and of two publishers racing
/// for the same version the primary key lets one win and the other gets <see cref="RulesetVersionConflictException"/>.
/// </summary>
public sealed class RulesetStore
{
    private readonly Database _database;
    private readonly SqlScripts _sql;

    internal RulesetStore(Database database)
    {
        _database = database;
        _sql = SqlScripts.Load(database.Vendor, "Rulesets");
    }

    /// <summary>The active (highest) version, or null when none was ever published.</summary>
    public async Task<StoredRuleset?> ReadLatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _sql["ReadLatestRuleset"]);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>One version, or null when there is no such version.</summary>
    public async Task<StoredRuleset?> ReadAsync(long version, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _sql["ReadRuleset"]);
        Database.AddParameter(command, "version", DbType.Int64, version);
        return await ReadOneAsync(command, cancellationToken);
    }

    /// <summary>Every version, oldest first.</summary>
    public async Task<IReadOnlyList<StoredRuleset>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _sql["ReadRulesets"]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var all = new List<StoredRuleset>();
        while (await reader.ReadAsync(cancellationToken))
        {
            all.Add(Read(reader));
        }

        return all;
    }

    /// <summary>The highest stored version, 0 when none.</summary>
    public async Task<long> ReadLatestVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        return await ReadLatestVersionAsync(connection, null, cancellationToken);
    }

    /// <summary>
    /// Stores <paramref name="ruleset"/> as the new active version, in one statement (its own transaction).
    /// </summary>
    /// <exception cref="RulesetVersionConflictException">
    /// Its version is not the latest + 1 (another publisher got there first): nothing was stored.
    /// </exception>
    public async Task PublishAsync(StoredRuleset ruleset, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ruleset);
        ArgumentOutOfRangeException.ThrowIfLessThan(ruleset.Version, 1);
        int inserted;
        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            await using var command = _database.CreateCommand(connection, _sql["PublishRuleset"]);
            AddParameters(command, ruleset);
            using var turn = await _database.WaitToWriteAsync(urgent: false, cancellationToken);
            inserted = await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException ex)
        {
            // The vendors report a unique violation differently; whether the version is taken now tells the same.
            var latest = await ReadLatestVersionAsync(cancellationToken);
            if (latest >= ruleset.Version)
            {
                throw new RulesetVersionConflictException(ruleset.Version, latest, ex);
            }

            throw;
        }

        if (inserted == 0)
        {
            throw new RulesetVersionConflictException(ruleset.Version, await ReadLatestVersionAsync(cancellationToken));
        }
    }

    /// <summary>
    /// Stores versions kept elsewhere (the old ruleset files), with their own numbers, in one transaction, but only
    /// into an empty table: returns how many were stored, 0 when versions were already there (imported before,
    /// or by another process at the same moment).
    /// </summary>
    public async Task<int> ImportAsync(IReadOnlyList<StoredRuleset> rulesets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rulesets);
        var ordered = rulesets.OrderBy(r => r.Version).ToList();
        if (ordered.Count == 0)
        {
            return 0;
        }

        if (ordered[0].Version < 1 || ordered.Zip(ordered.Skip(1)).Any(p => p.First.Version == p.Second.Version))
        {
            throw new ArgumentException("Imported ruleset versions must be positive and distinct.", nameof(rulesets));
        }

        try
        {
            await using var connection = await _database.OpenAsync(cancellationToken);
            using var turn = await _database.WaitToWriteAsync(urgent: false, cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (await ReadLatestVersionAsync(connection, transaction, cancellationToken) != 0)
            {
                return 0;
            }

            await using var command = _database.CreateCommand(connection, _sql["ImportRuleset"], transaction);
            foreach (var ruleset in ordered)
            {
                command.Parameters.Clear();
                AddParameters(command, ruleset);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return ordered.Count;
        }
        catch (DbException)
        {
            if (await ReadLatestVersionAsync(cancellationToken) != 0)
            {
                return 0; // another process imported or published first: its versions stand
            }

            throw;
        }
    }

    private async Task<long> ReadLatestVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(connection, _sql["ReadLatestRulesetVersion"], transaction);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static void AddParameters(DbCommand command, StoredRuleset ruleset)
    {
        Database.AddParameter(command, "version", DbType.Int64, ruleset.Version);
        Database.AddParameter(command, "document", DbType.String, ruleset.Document);
        Database.AddParameter(command, "published_at", DbType.Int64, UnixTime.ToMicros(ruleset.PublishedAt));
        Database.AddParameter(command, "published_by", DbType.String, ruleset.PublishedBy);
        Database.AddParameter(command, "comment", DbType.String, ruleset.Comment);
    }

    private static async Task<StoredRuleset?> ReadOneAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static StoredRuleset Read(DbDataReader reader) => new(
        reader.GetInt64(reader.GetOrdinal("version")),
        reader.GetString(reader.GetOrdinal("document")),
        UnixTime.FromMicros(reader.GetInt64(reader.GetOrdinal("published_at"))),
        reader.GetString(reader.GetOrdinal("published_by")),
        reader.GetString(reader.GetOrdinal("comment")));
}
