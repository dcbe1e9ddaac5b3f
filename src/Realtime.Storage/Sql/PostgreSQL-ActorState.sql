-- Actor state (snapshot) queries. Sections start at "-- name:"; both vendors share names, parameters and columns.

-- name: ReadState
SELECT version, log_position, due_at, payload
FROM actor_state
WHERE actor_type = @actor_type AND actor_key = @actor_key;

-- name: BeforeWriteTransaction
-- (nothing: see InWriteTransaction)

-- name: InWriteTransaction
-- Snapshots need not wait for their own WAL flush: the event log is the truth and replays whatever a lost snapshot
-- held, and the checkpoint that lets the log go is a synchronous commit written after them, which flushes the WAL
-- they sit in. LOCAL: only this transaction.
SET LOCAL synchronous_commit = off;

-- name: AfterWriteTransaction
-- (nothing: SET LOCAL ended with the transaction)

-- name: InsertState
-- ExpectedVersion 0: the actor was never saved; an existing row means someone else saved first (conflict).
INSERT INTO actor_state (actor_type, actor_key, version, log_position, due_at, payload)
VALUES (@actor_type, @actor_key, @version, @log_position, @due_at, @payload)
ON CONFLICT (actor_type, actor_key) DO NOTHING;

-- name: UpdateState
-- Applies only if the stored version is still the one the actor read (optimistic concurrency).
UPDATE actor_state
SET version = @version, log_position = @log_position, due_at = @due_at, payload = @payload
WHERE actor_type = @actor_type AND actor_key = @actor_key AND version = @expected_version;

-- name: DeleteState
DELETE FROM actor_state WHERE actor_type = @actor_type AND actor_key = @actor_key;

-- name: ReadDue
-- Served by ix_actor_state_due_at.
SELECT actor_type, actor_key, due_at
FROM actor_state
WHERE due_at IS NOT NULL AND due_at <= @until
ORDER BY due_at;

-- name: ReadCustomerStates
SELECT actor_type, actor_key, version, log_position, due_at, payload
FROM actor_state
WHERE actor_key = @actor_key
ORDER BY actor_type;

-- name: DeleteCustomerStates
DELETE FROM actor_state WHERE actor_key = @actor_key;

-- name: ListKeys
-- Keys of one actor type after a key, in key order (paged walks: rules preview, re-evaluation after a publish).
SELECT actor_key
FROM actor_state
WHERE actor_type = @actor_type AND actor_key > @after_key
ORDER BY actor_key
LIMIT @max_count;

-- name: ReadAllStates
-- Every saved state of one actor type, in no particular order (a start counts the stored customers once).
SELECT actor_key, payload
FROM actor_state
WHERE actor_type = @actor_type;
