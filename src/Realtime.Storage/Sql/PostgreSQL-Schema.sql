-- Queries of SchemaMigrator and connection set-up, PostgreSQL. Sections start at "-- name:"; the SQLite file
-- has the same names and parameters.

-- name: InitializeConnection
-- Durability comes from the server's defaults (fsync = on, synchronous_commit = on); nothing per connection.

-- name: CreateVersionTable
CREATE TABLE IF NOT EXISTS schema_version (
    version integer NOT NULL PRIMARY KEY,
    name text NOT NULL,
    applied_at bigint NOT NULL
);

-- name: ReadVersions
SELECT version FROM schema_version ORDER BY version;

-- name: InsertVersion
INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @applied_at);
