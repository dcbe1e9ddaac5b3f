using Realtime.Actors.Persistence;
using Realtime.Storage.EventLog;
using Realtime.Storage.Identity;

namespace Realtime.Storage.Privacy;

/// <summary>Everything the stores hold on one customer: actor states (every actor type keyed by the customer id), log records, identity keys.</summary>
public sealed record CustomerExport(
    string CustomerId,
    IReadOnlyList<(ActorId Id, StoredState State)> States,
    IReadOnlyList<LogRecord> Events,
    IReadOnlyList<IdentityKey> IdentityKeys);

/// <summary>What an erase removed, counted per table.</summary>
public readonly record struct ErasureReport(string CustomerId, int States, int Events, int IdentityKeys);

/// <summary>One row of the privacy audit: who did what to whose data, and when; never the data itself.</summary>
public sealed record PrivacyAuditEntry(long AuditId, string CustomerId, string Action, string RequestedBy, string Reason, DateTimeOffset RecordedAt, string Detail);
