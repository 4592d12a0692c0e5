-- Issue #22: retention and privacy. The daily purge and a person's subject access and erasure leave audit entries;
-- the lookups by plate they make (and the purge by time) get their indexes.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
  CHECK (action IN ('create', 'update', 'delete', 'open', 'close', 'reset', 'gone', 'purge', 'export', 'erase'));

CREATE INDEX events_plate_read ON events (plate_read);
CREATE INDEX events_matched_plate ON events (matched_plate) WHERE matched_plate IS NOT NULL;
CREATE INDEX plate_reads_plate ON plate_reads (plate);
CREATE INDEX plate_reads_time ON plate_reads (captured_at);
CREATE INDEX gate_actions_time ON gate_actions (at);
