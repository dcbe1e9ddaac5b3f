-- Realtime storage schema, version 1, SQLite. Applied once by SchemaMigrator inside a transaction.
--
-- Contract shared with PostgreSQL-0001-Initial.sql:
--  1. Same table, column and index names in both vendors; C# reads columns by name.
--  2. Times are unix microseconds in a 64-bit integer, so ordering and range queries need no vendor date type.
--  3. Log positions are assigned by the single appender (never reused: storage_meta.log_high_water survives
--     deletes), so a position is also the commit order.
--  4. Versions are integers starting at 1; 0 means "never saved" (optimistic concurrency).

CREATE TABLE storage_meta (
    name TEXT NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO storage_meta (name, value) VALUES ('log_high_water', 0);

-- Position is the rowid: appends go to the end of the table's b-tree.
CREATE TABLE event_log (
    position INTEGER NOT NULL PRIMARY KEY,
    event_id TEXT NOT NULL,
    actor_key TEXT NOT NULL,
    occurred_at INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    payload BLOB NOT NULL
);
-- Deduplication of client event ids, across batches and restarts.
CREATE UNIQUE INDEX ux_event_log_event_id ON event_log (event_id);
-- Replay of one actor after its snapshot.
CREATE INDEX ix_event_log_actor_key ON event_log (actor_key, position);

CREATE TABLE actor_state (
    actor_type TEXT NOT NULL,
    actor_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    log_position INTEGER NOT NULL,
    due_at INTEGER NULL,
    payload BLOB NOT NULL,
    PRIMARY KEY (actor_type, actor_key)
);
CREATE INDEX ix_actor_state_due_at ON actor_state (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX ix_actor_state_actor_key ON actor_state (actor_key);

CREATE TABLE identity_index (
    key_kind TEXT NOT NULL,
    key_value TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    PRIMARY KEY (key_kind, key_value)
);
CREATE INDEX ix_identity_index_customer_id ON identity_index (customer_id);

-- Who did what to whose data, and when; never the data itself.
CREATE TABLE privacy_audit (
    audit_id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    customer_id TEXT NOT NULL,
    action TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    recorded_at INTEGER NOT NULL,
    detail TEXT NOT NULL
);
CREATE INDEX ix_privacy_audit_customer_id ON privacy_audit (customer_id);
