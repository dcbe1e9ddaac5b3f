namespace Realtime.Storage;

/// <summary>
/// Storage settings, bound from the <c>Realtime</c> configuration section. SQLite under <see cref="DataDir"/> is
/// the default; setting <see cref="Postgres"/> switches every store to PostgreSQL.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Realtime";

    /// <summary>The folder holding the SQLite file (<c>Realtime:DataDir</c>). The default is <c>data</c>, relative to the working folder.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>The SQLite file name inside <see cref="DataDir"/> (<c>Realtime:SqliteFileName</c>). The default is <c>realtime.db</c>.</summary>
    public string SqliteFileName { get; set; } = "realtime.db";

    /// <summary>
    /// A PostgreSQL connection string (<c>Realtime:Postgres</c>); when set, PostgreSQL is used instead of SQLite.
    /// The default is none. The tables are created in the connection's search path.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>
    /// The most records one group commit writes in one transaction (<c>Realtime:MaxCommitRecords</c>). Under load,
    /// larger commits share index-page writes among more records (measured: docs/benchmarks/storage.md); when
    /// idle, a commit holds only what is pending. The default is 65,536.
    /// </summary>
    public int MaxCommitRecords { get; set; } = 65_536;

    /// <summary>
    /// The most records waiting for a commit (<c>Realtime:MaxPendingRecords</c>); beyond it appenders wait
    /// (backpressure) instead of queueing without bound. The default is 262,144.
    /// </summary>
    public int MaxPendingRecords { get; set; } = 262_144;

    /// <summary>
    /// How long an append may wait, queued and committing, before it fails as unavailable (<c>Realtime:AppendTimeout</c>).
    /// A stalled database surfaces as this timeout. The default is 10 seconds; <see cref="Timeout.InfiniteTimeSpan"/>
    /// leaves the deadline to the caller.
    /// </summary>
    public TimeSpan AppendTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The ADO.NET command timeout, also SQLite's busy wait (<c>Realtime:CommandTimeout</c>). The default is 30 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long log records are kept after they occurred even when a snapshot covers them (<c>Realtime:LogRetention</c>);
    /// compaction deletes only older ones. It is also the window in which a retried event id is still recognised
    /// as a duplicate after its customer's snapshot covered it. The default is 7 days.
    /// </summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Records per insert execution of the appender (PostgreSQL; SQLite inserts one per execution) and per duplicate
    /// check; null for the vendor's default. For benchmarks.
    /// </summary>
    internal int? RowsPerStatement { get; set; }

    /// <summary>The vendor these options select.</summary>
    public StorageVendor Vendor => string.IsNullOrWhiteSpace(Postgres) ? StorageVendor.Sqlite : StorageVendor.PostgreSql;

    /// <summary>The full path of the SQLite file.</summary>
    public string SqlitePath => Path.GetFullPath(Path.Combine(DataDir, SqliteFileName));
}
