-- Realtime storage schema, version 2, SQLite: published rulesets move from files into the database.
-- Same contract as 0001 (shared names with PostgreSQL-0002-Rulesets.sql, times in unix microseconds).
--
-- One row per published version; the highest version is the active one ("latest published wins"). The primary
-- key is what makes two concurrent publishers of the same version fail one of them (optimistic concurrency).
CREATE TABLE rulesets (
    version INTEGER NOT NULL PRIMARY KEY,
    document TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    published_by TEXT NOT NULL,
    comment TEXT NOT NULL,
    CHECK (version >= 1)
);
