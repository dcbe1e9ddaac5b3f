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

    /// <summary>Reads everything held on a customer, in one consistent read, and audits the export.</summary>
    public async Task<CustomerExport> ExportAsync(string customerId, string requestedBy, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
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
        var detail = string.Create(CultureInfo.InvariantCulture, $"states={states.Count};events={events.Count};identity_keys={keys.Count}");
        await InsertAuditAsync(connection, transaction, customerId, "export", requestedBy, reason, detail, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogExported(customerId, requestedBy, detail);
        return new CustomerExport(customerId, states, events, keys);
    }

    /// <summary>Deletes everything held on a customer and records who asked, why and what was removed, in one transaction.</summary>
    public async Task<ErasureReport> EraseAsync(string customerId, string requestedBy, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(customerId);
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var states = await DeleteAsync(connection, transaction, _database.ActorState["DeleteCustomerStates"], "actor_key", customerId, cancellationToken);
        var events = await DeleteAsync(connection, transaction, _database.EventLog["DeleteActorEvents"], "actor_key", customerId, cancellationToken);
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
