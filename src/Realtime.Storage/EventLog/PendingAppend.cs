namespace Realtime.Storage.EventLog;

/// <summary>One caller's batch waiting for the group commit, and the promise the committer completes.</summary>
internal sealed class PendingAppend(IReadOnlyList<EventRecord> records, int budget)
{
    public IReadOnlyList<EventRecord> Records { get; } = records;

    /// <summary>The room this batch holds in the <see cref="PendingBudget"/>.</summary>
    public int Budget { get; } = budget;

    public AppendResult[] Results { get; } = new AppendResult[records.Count];

    public TaskCompletionSource<IReadOnlyList<AppendResult>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
