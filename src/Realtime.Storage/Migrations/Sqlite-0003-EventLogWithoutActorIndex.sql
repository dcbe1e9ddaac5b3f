-- Realtime storage schema, version 3, SQLite: the event log loses its (actor_key, position) index.
--
-- Replay starts after the checkpoint and reads the log in position order, so the index served only export and
-- erase, which are rare, while every append paid for it: keys arrive in random order, so each commit rewrote an
-- index page per record (measured with the load generator, 100,000 customers: durable ingest 51,500 -> 89,700 events/s without it).
-- Export and erase now scan the log outside the write lock (PrivacyStore).
DROP INDEX ix_event_log_actor_key;
