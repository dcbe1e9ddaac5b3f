namespace Realtime.Storage.EventLog;

/// <summary>
/// The durable event log: appends with group commit, global reads in position order (replay), scans per actor key. Implemented by
/// <see cref="EventLogStore"/> over SQLite or PostgreSQL.
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// Appends a batch and completes once it is durable (committed and fsynced), with one result per record in the
    /// batch's order: stored at a new position, or a duplicate of an earlier record with the same event id
    /// (including an earlier record of the same batch). Throws <see cref="StorageUnavailableException"/> when the
    /// database fails or does not commit within the append timeout; then nothing of the batch was acknowledged.
    /// </summary>
    ValueTask<IReadOnlyList<AppendResult>> AppendAsync(IReadOnlyList<EventRecord> records, CancellationToken cancellationToken);

    /// <summary>
    /// The records of one actor key with a position after <paramref name="afterPosition"/>, in position order. A scan
    /// of the log (it has no index by actor key: replay reads it whole after the checkpoint), for export and checks.
    /// </summary>
    IAsyncEnumerable<LogRecord> ReadActorAsync(string actorKey, long afterPosition, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="maxCount"/> records of every key after <paramref name="afterPosition"/>, in position order (rebuilding aggregates).</summary>
    IAsyncEnumerable<LogRecord> ReadAllAsync(long afterPosition, int maxCount, CancellationToken cancellationToken);
}
