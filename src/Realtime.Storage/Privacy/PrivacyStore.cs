using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Realtime.Actors.Persistence;
using Realtime.Storage.EventLog;
using Realtime.Storage.State;

namespace Realtime.Storage.Privacy;

/// <summary>
/// Export and erase of one customer across the stores (actor states of every type keyed by the customer id,
/// event-log records, identity keys), each recorded in the privacy audit table. In-memory copies (an active
/// actor, aggregates) are the caller's to drop.
/// </summary>
public sealed partial class PrivacyStore
{
    private readonly Database _database;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    internal PrivacyStore(Database database, TimeProvider timeProvider, ILogger logger)
    {
        _database = database;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Reads everything held on a customer, in one consistent read, and audits the export. The log has no index by
    /// customer, so the read scans it; it runs in a read-only transaction that never holds up appends.
    /// </summary>
    public async Task<CustomerExport> ExportAsync(string customerId, string requestedBy, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var export = await ReadCustomerAsync(connection, customerId, cancellationToken);

        // Audited before anything is handed out: if the audit cannot be written, the export fails.
        var detail = string.Create(CultureInfo.InvariantCulture, $"states={export.States.Count};events={export.Events.Count};identity_keys={export.IdentityKeys.Count}");
        using (await _database.WaitToWriteAsync(urgent: false, cancellationToken))
        await using (var audit = await connection.BeginTransactionAsync(cancellationToken))
        {
            await InsertAuditAsync(connection, audit, customerId, "export", requestedBy, reason, detail, cancellationToken);
            await audit.CommitAsync(cancellationToken);
        }

        LogExported(customerId, requestedBy, detail);
        return export;
    }

    private async Task<CustomerExport> ReadCustomerAsync(DbConnection connection, string customerId, CancellationToken cancellationToken)
    {
        await using var transaction = await _database.BeginReadTransactionAsync(connection, cancellationToken);
        var states = new List<(ActorId, StoredState)>();
        await using (var command = _database.CreateCommand(connection, _database.ActorState["ReadCustomerStates"], transaction))
        {
            Database.AddParameter(command, "actor_key", DbType.String, customerId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                states.Add((new ActorId(reader.GetString(reader.GetOrdinal("actor_type")), customerId), ActorStateStore.ReadState(reader)));
            }
        }

        var events = new List<LogRecord>();
        await using (var command = _database.CreateCommand(connection, _database.EventLog["ReadActorEvents"], transaction))
        {
            Database.AddParameter(command, "actor_key", DbType.String, customerId);
            Database.AddParameter(command, "after_position", DbType.Int64, 0L);
            Database.AddParameter(command, "max_count", DbType.Int64, long.MaxValue);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(EventLogStore.ReadRecord(reader));
            }
        }

        var keys = await PrivacyQueries.ReadIdentityKeysAsync(_database, connection, transaction, customerId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CustomerExport(customerId, states, events, keys);
    }

    /// <summary>
    /// Deletes everything held on a customer and records who asked, why and what was removed, in one transaction.
    /// The customer's log records are found first by a scan outside that transaction (the log has no index by
    /// customer, and on SQLite the write transaction holds up every append); the transaction deletes them by
    /// position, plus whatever the customer appended after the scan.
    /// </summary>
    public async Task<ErasureReport> EraseAsync(string customerId, string requestedBy, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        await using var connection = await _database.OpenAsync(cancellationToken);
        var (scannedUpTo, positions) = await ReadEventPositionsAsync(connection, customerId, cancellationToken);
        using var turn = await _database.WaitToWriteAsync(urgent: false, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var states = await DeleteAsync(connection, transaction, _database.ActorState["DeleteCustomerStates"], "actor_key", customerId, cancellationToken);
        var events = await DeleteEventsAsync(connection, transaction, customerId, scannedUpTo, positions, cancellationToken);
        var keys = await DeleteAsync(connection, transaction, _database.Identity["DeleteCustomerIdentities"], "customer_id", customerId, cancellationToken);
        var detail = string.Create(CultureInfo.InvariantCulture, $"states={states};events={events};identity_keys={keys}");
        await InsertAuditAsync(connection, transaction, customerId, "erase", requestedBy, reason, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogErased(customerId, requestedBy, detail);
        return new ErasureReport(customerId, states, events, keys);
    }

    /// <summary>The audit rows about one customer, oldest first.</summary>
    public async Task<IReadOnlyList<PrivacyAuditEntry>> ReadAuditAsync(string customerId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _database.Privacy["ReadAudit"]);
        Database.AddParameter(command, "customer_id", DbType.String, customerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<PrivacyAuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new PrivacyAuditEntry(
                reader.GetInt64(reader.GetOrdinal("audit_id")),
                reader.GetString(reader.GetOrdinal("customer_id")),
                reader.GetString(reader.GetOrdinal("action")),
                reader.GetString(reader.GetOrdinal("requested_by")),
                reader.GetString(reader.GetOrdinal("reason")),
                UnixTime.FromMicros(reader.GetInt64(reader.GetOrdinal("recorded_at"))),
                reader.GetString(reader.GetOrdinal("detail"))));
        }

        return entries;
    }

    private async Task<(long ScannedUpTo, List<long> Positions)> ReadEventPositionsAsync(DbConnection connection, string customerId, CancellationToken cancellationToken)
    {
        long upTo;
        await using (var read = _database.CreateCommand(connection, _database.EventLog["ReadHighWater"]))
        {
            upTo = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var positions = new List<long>();
        await using var command = _database.CreateCommand(connection, _database.EventLog["ReadActorPositions"]);
        Database.AddParameter(command, "actor_key", DbType.String, customerId);
        Database.AddParameter(command, "up_to_position", DbType.Int64, upTo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            positions.Add(reader.GetInt64(0));
        }

        return (upTo, positions);
    }

    private async Task<int> DeleteEventsAsync(DbConnection connection, DbTransaction transaction, string customerId, long scannedUpTo, List<long> positions, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await using (var command = _database.CreateCommand(connection, _database.EventLog["DeleteEventAt"], transaction))
        {
            var position = Database.AddParameter(command, "position", DbType.Int64, 0L);
            foreach (var value in positions)
            {
                position.Value = value;
                deleted += await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await using var tail = _database.CreateCommand(connection, _database.EventLog["DeleteActorEventsAfter"], transaction);
        Database.AddParameter(tail, "actor_key", DbType.String, customerId);
        Database.AddParameter(tail, "after_position", DbType.Int64, scannedUpTo);
        return deleted + await tail.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<int> DeleteAsync(DbConnection connection, DbTransaction transaction, string sql, string parameter, string customerId, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(connection, sql, transaction);
        Database.AddParameter(command, parameter, DbType.String, customerId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task InsertAuditAsync(DbConnection connection, DbTransaction transaction, string customerId, string action, string requestedBy, string reason, string detail, CancellationToken cancellationToken)
    {
        await using var command = _database.CreateCommand(connection, _database.Privacy["InsertAudit"], transaction);
        Database.AddParameter(command, "customer_id", DbType.String, customerId);
        Database.AddParameter(command, "action", DbType.String, action);
        Database.AddParameter(command, "requested_by", DbType.String, requestedBy);
        Database.AddParameter(command, "reason", DbType.String, reason);
        Database.AddParameter(command, "recorded_at", DbType.Int64, UnixTime.ToMicros(_timeProvider.GetUtcNow()));
        Database.AddParameter(command, "detail", DbType.String, detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(EventId = 5301, EventName = "CustomerExported", Level = LogLevel.Information, Message = "Exported customer {CustomerId} for {RequestedBy}: {Detail}")]
    private partial void LogExported(string customerId, string requestedBy, string detail);

    [LoggerMessage(EventId = 5302, EventName = "CustomerErased", Level = LogLevel.Information, Message = "Erased customer {CustomerId} for {RequestedBy}: {Detail}")]
    private partial void LogErased(string customerId, string requestedBy, string detail);
}
