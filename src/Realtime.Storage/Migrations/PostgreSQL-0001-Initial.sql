-- Realtime storage schema, version 1, PostgreSQL. Applied once by SchemaMigrator inside a transaction,
-- in the schema named by the connection string's search path.
--
-- Contract shared with Sqlite-0001-Initial.sql:
--  1. Same table, column and index names in both vendors; C# reads columns by name.
--  2. Times are unix microseconds in a bigint, so ordering and range queries need no vendor date type.
--  3. Log positions are assigned by the single appender (never reused: storage_meta.log_high_water survives
--     deletes), so a position is also the commit order.
--  4. Versions are integers starting at 1; 0 means "never saved" (optimistic concurrency).

CREATE TABLE storage_meta (
    name text NOT NULL PRIMARY KEY,
    value bigint NOT NULL
);
INSERT INTO storage_meta (name, value) VALUES ('log_high_water', 0);

CREATE TABLE event_log (
    position bigint NOT NULL PRIMARY KEY,
    event_id text NOT NULL,
    actor_key text NOT NULL,
    occurred_at bigint NOT NULL,
    event_type text NOT NULL,
    payload bytea NOT NULL
);
-- Deduplication of client event ids, across batches and restarts.
CREATE UNIQUE INDEX ux_event_log_event_id ON event_log (event_id);
-- Replay of one actor after its snapshot.
CREATE INDEX ix_event_log_actor_key ON event_log (actor_key, position);

CREATE TABLE actor_state (
    actor_type text NOT NULL,
    actor_key text NOT NULL,
    version bigint NOT NULL,
    log_position bigint NOT NULL,
    due_at bigint NULL,
    payload bytea NOT NULL,
    PRIMARY KEY (actor_type, actor_key)
);
CREATE INDEX ix_actor_state_due_at ON actor_state (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX ix_actor_state_actor_key ON actor_state (actor_key);

CREATE TABLE identity_index (
    key_kind text NOT NULL,
    key_value text NOT NULL,
    customer_id text NOT NULL,
    PRIMARY KEY (key_kind, key_value)
);
CREATE INDEX ix_identity_index_customer_id ON identity_index (customer_id);

-- Who did what to whose data, and when; never the data itself.
CREATE TABLE privacy_audit (
    audit_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id text NOT NULL,
    action text NOT NULL,
    requested_by text NOT NULL,
    reason text NOT NULL,
    recorded_at bigint NOT NULL,
    detail text NOT NULL
);
CREATE INDEX ix_privacy_audit_customer_id ON privacy_audit (customer_id);
