-- Gate actions get an id of their own, made on the device, so that a write the outbox sends again after a crash
-- or an outage lands once (events and plate reads already have theirs).
-- Rows written by other means (and those already there) get a random one.
ALTER TABLE gate_actions ADD COLUMN uid uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE gate_actions ADD CONSTRAINT gate_actions_uid UNIQUE (uid);

-- When each row reached PostgreSQL: after an outage the gap between decided_at and stored_at shows what the device
-- kept in its outbox, and stored_at orders the rows as the device sent them.
-- (now() is the transaction's start: the same for every row of a batch)
ALTER TABLE events ALTER COLUMN stored_at SET DEFAULT clock_timestamp();
ALTER TABLE gate_actions ADD COLUMN stored_at timestamptz NOT NULL DEFAULT clock_timestamp();
