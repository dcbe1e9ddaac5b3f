-- Queries of SchemaMigrator and connection set-up, SQLite. Sections start at "-- name:"; the PostgreSQL file
-- has the same names and parameters.

-- name: InitializeConnection
-- WAL lets readers run beside the single writer; synchronous=FULL fsyncs the WAL at every commit, so an
-- acknowledged group commit survives power loss, not only a process crash. Each pooled connection has its own
-- page cache, and there are as many as threads doing I/O: 8 MB each (the appender's connection gets more, see
-- EventLog InitializeWriter). Checkpoints every ~64 MB of WAL: index pages that successive commits touch again
-- are copied back to the database once per checkpoint, not once per commit.
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
PRAGMA cache_size = -8192;
PRAGMA wal_autocheckpoint = 16384;

-- name: CreateVersionTable
CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
);

-- name: ReadVersions
SELECT version FROM schema_version ORDER BY version;

-- name: InsertVersion
INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @applied_at);
