-- Realtime storage schema, version 2, PostgreSQL: published rulesets move from files into the database.
-- Same contract as 0001 (shared names with Sqlite-0002-Rulesets.sql, times in unix microseconds).
--
-- One row per published version; the highest version is the active one ("latest published wins"). The primary
-- key is what makes two concurrent publishers of the same version fail one of them (optimistic concurrency).
CREATE TABLE rulesets (
    version bigint NOT NULL PRIMARY KEY,
    document text NOT NULL,
    published_at bigint NOT NULL,
    published_by text NOT NULL,
    comment text NOT NULL,
    CHECK (version >= 1)
);
