-- Issue #22: who is inside each lot. A presence row says which lane let the vehicle in and on which decision (its
-- crop), so staff can see the list; an operator may mark one as gone (an anti-passback reset for that vehicle),
-- which the gate device applies and writes with an audit entry on the operator's name.
ALTER TABLE presence ADD COLUMN lane_id text;
ALTER TABLE presence ADD COLUMN vehicle_id uuid;
CREATE INDEX presence_lot_time ON presence (lot_id, entered_at DESC);

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
  CHECK (action IN ('create', 'update', 'delete', 'open', 'close', 'reset', 'gone'));
