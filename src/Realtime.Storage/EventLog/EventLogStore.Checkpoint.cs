using System.Data;
using System.Globalization;

namespace Realtime.Storage.EventLog;

public sealed partial class EventLogStore
{
    /// <summary>
    /// The replay checkpoint: a log position that every saved actor state includes, so a restart replays only what
    /// comes after it. Kept in the same database as the log, so it can never outlive the log it describes. 0 when none.
    /// </summary>
    public async Task<long> ReadCheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _database.EventLog["ReadCheckpoint"]);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Records the replay checkpoint (call it only after every actor state up to that position is saved).</summary>
    public async Task WriteCheckpointAsync(long position, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = _database.CreateCommand(connection, _database.EventLog["WriteCheckpoint"]);
        Database.AddParameter(command, "position", DbType.Int64, position);
        using var turn = await _database.WaitToWriteAsync(urgent: false, cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
