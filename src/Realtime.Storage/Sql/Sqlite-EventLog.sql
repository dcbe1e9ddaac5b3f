-- Event log queries. Sections start at "-- name:"; both vendors share names, parameters and columns.

-- name: InitializeWriter
-- The appender's own long-lived connection: a large page cache keeps the event-id index pages hot.
-- Pooled connections (snapshot loads and saves, look-ups) keep the smaller cache of InitializeConnection.
PRAGMA cache_size = -65536;

-- name: AppendEvents
-- One record per execution, bound by index on the native statement (SqliteRowInserter): in process, re-executing a
-- prepared single-row insert is the cheapest. PostgreSQL binds the same parameters as arrays, a chunk per execution.
-- A duplicate event id inserts nothing; the appender then looks the id up to answer "duplicate of P".
INSERT INTO event_log (position, event_id, actor_key, occurred_at, event_type, payload)
VALUES (@position, @event_id, @actor_key, @occurred_at, @event_type, @payload)
ON CONFLICT (event_id) DO NOTHING;

-- name: FindEventPosition
SELECT position FROM event_log WHERE event_id = @event_id;

-- name: ReadHighWater
SELECT CASE WHEN m.value > COALESCE(l.max_position, 0) THEN m.value ELSE COALESCE(l.max_position, 0) END AS high_water
FROM storage_meta m, (SELECT MAX(position) AS max_position FROM event_log) l
WHERE m.name = 'log_high_water';

-- name: WriteHighWater
UPDATE storage_meta SET value = @position WHERE name = 'log_high_water' AND value < @position;

-- name: ReadActorEvents
-- No index on actor_key (migration 0003): a scan of the log after the position, for export and tests only.
SELECT position, event_id, actor_key, occurred_at, event_type, payload
FROM event_log
WHERE actor_key = @actor_key AND position > @after_position
ORDER BY position
LIMIT @max_count;

-- name: ReadAllEvents
SELECT position, event_id, actor_key, occurred_at, event_type, payload
FROM event_log
WHERE position > @after_position
ORDER BY position
LIMIT @max_count;

-- name: CompactEvents
-- Deletes, within one position range, the records older than the retention that the actor's snapshot
-- already includes. No snapshot: the subquery is NULL and nothing is deleted.
DELETE FROM event_log
WHERE position > @after_position AND position <= @up_to_position
  AND occurred_at < @retain_after
  AND position <= (SELECT s.log_position FROM actor_state s
                   WHERE s.actor_type = @actor_type AND s.actor_key = event_log.actor_key);

-- name: ReadActorPositions
-- Erase, step 1, outside the write transaction: a scan of the log up to the high water read before it.
SELECT position FROM event_log WHERE actor_key = @actor_key AND position <= @up_to_position;

-- name: DeleteEventAt
DELETE FROM event_log WHERE position = @position;

-- name: DeleteActorEventsAfter
-- Erase, step 2, in the write transaction: what was appended after step 1's scan (a short range of positions).
DELETE FROM event_log WHERE position > @after_position AND actor_key = @actor_key;

-- name: ReadCheckpoint
-- The log position every saved actor state includes, recorded by the server after it saved them all (replay starts after it).
SELECT value FROM storage_meta WHERE name = 'replay_checkpoint';

-- name: WriteCheckpoint
INSERT INTO storage_meta (name, value) VALUES ('replay_checkpoint', @position)
ON CONFLICT (name) DO UPDATE SET value = excluded.value;
