using System.Data;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Realtime.Storage.Sql;

namespace Realtime.Storage.Migrations;

/// <summary>
/// Brings the schema to the newest version on start: applies, in order and each in its own transaction, the
/// embedded scripts <c>Migrations/&lt;Vendor&gt;-&lt;NNNN&gt;-&lt;Name&gt;.sql</c> not yet listed in <c>schema_version</c>.
/// Running it again applies nothing.
/// </summary>
internal sealed partial class SchemaMigrator(Database database, TimeProvider timeProvider, ILogger logger)
{
    private static readonly Regex ScriptName = new(@"^Realtime\.Storage\.Migrations\.(?<vendor>[A-Za-z]+)-(?<version>\d{4})-(?<name>[A-Za-z0-9]+)\.sql$", RegexOptions.CultureInvariant);

    /// <summary>The scripts of one vendor, in version order.</summary>
    public static IReadOnlyList<(int Version, string Name, string ResourceName)> Scripts(StorageVendor vendor)
    {
        var scripts = new List<(int, string, string)>();
        foreach (var resource in Assembly.GetExecutingAssembly().GetManifestResourceNames())
        {
            var match = ScriptName.Match(resource);
            if (match.Success && match.Groups["vendor"].Value == vendor.FilePrefix())
            {
                scripts.Add((int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture), match.Groups["name"].Value, resource));
            }
        }

        return [.. scripts.OrderBy(s => s.Item1)];
    }

    /// <summary>Applies the missing migrations; returns how many were applied and the schema version now in force.</summary>
    public async Task<(int Applied, int Version)> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using (var create = database.CreateCommand(connection, database.Schema["CreateVersionTable"]))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var applied = new HashSet<int>();
        await using (var read = database.CreateCommand(connection, database.Schema["ReadVersions"]))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        var count = 0;
        foreach (var (version, name, resource) in Scripts(database.Vendor))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var script = database.CreateCommand(connection, SqlScripts.ReadResource(resource), transaction))
            {
                await script.ExecuteNonQueryAsync(cancellationToken);
            }

            await using (var record = database.CreateCommand(connection, database.Schema["InsertVersion"], transaction))
            {
                Database.AddParameter(record, "version", DbType.Int32, version);
                Database.AddParameter(record, "name", DbType.String, name);
                Database.AddParameter(record, "applied_at", DbType.Int64, UnixTime.ToMicros(timeProvider.GetUtcNow()));
                await record.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            applied.Add(version);
            LogMigrationApplied(version, name, database.Describe);
            count++;
        }

        return (count, applied.Count == 0 ? 0 : applied.Max());
    }

    [LoggerMessage(EventId = 5101, EventName = "MigrationApplied", Level = LogLevel.Information, Message = "Applied storage migration {Version} ({Name}) to {Database}")]
    private partial void LogMigrationApplied(int version, string name, string database);
}
