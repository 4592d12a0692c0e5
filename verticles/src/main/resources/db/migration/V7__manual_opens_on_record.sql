-- Issue #22: every manual open is on the record. A person's gate action may name the vehicle it was for (the
-- refused decision an operator opened for); the history lists manual opens beside the decisions, and the audit
-- holds every barrier action a person or an outside system made, whichever way its row arrives.

ALTER TABLE gate_actions ADD COLUMN vehicle_id uuid;
CREATE INDEX gate_actions_vehicle ON gate_actions (vehicle_id) WHERE vehicle_id IS NOT NULL;
-- the history's manual rows: opens not made by a decision or by the loop's safety reopening
CREATE INDEX gate_actions_manual_time ON gate_actions (at DESC)
  WHERE action = 'open' AND decision_id IS NULL AND by_user <> 'loop';

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check
  CHECK (action IN ('create', 'update', 'delete', 'open', 'close', 'reset'));

-- A barrier action by a person (by_user is the user name), a broker command ('mqtt') or the barrier itself moved
-- outside the controller ('barrier'): one audit entry, on the person's name. Decisions ('auto', with their own
-- event row), the auto-close ('auto') and the loop's reopening ('loop') are the machine's and stay in gate_actions.
CREATE FUNCTION lk_audit_gate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- an unknown action (a malformed broker command, refused) stays in gate_actions only: the audit's check would
  -- refuse it, and with it the gate action's own row
  IF NEW.by_user IN ('auto', 'loop') OR NEW.action NOT IN ('open', 'close', 'reset') THEN
    RETURN NULL;
  END IF;
  INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after)
  VALUES (NEW.at, NEW.by_user, 'gate', NEW.lane_id, NEW.action, NULL,
          jsonb_build_object('lane', NEW.lane_id, 'result', NEW.result, 'why', NEW.why, 'vehicle', NEW.vehicle_id,
                             'action', NEW.uid));
  RETURN NULL;
END
$$;

CREATE TRIGGER gate_actions_audit AFTER INSERT ON gate_actions
  FOR EACH ROW EXECUTE FUNCTION lk_audit_gate();

-- the manual actions already on record
INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after)
SELECT at, by_user, 'gate', lane_id, action, NULL,
       jsonb_build_object('lane', lane_id, 'result', result, 'why', why, 'vehicle', NULL, 'action', uid)
FROM gate_actions WHERE by_user NOT IN ('auto', 'loop') AND action IN ('open', 'close', 'reset')
ORDER BY at, id;
