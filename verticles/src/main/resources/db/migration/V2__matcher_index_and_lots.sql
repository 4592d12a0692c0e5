-- Issue #4: the matcher keeps its index current through NOTIFY; lanes get lot rules; distances are weighted
-- (a look-alike substitution costs 0.5), so they are real numbers.

UPDATE lanes SET max_distance = 2 WHERE max_distance > 2;
ALTER TABLE lanes DROP CONSTRAINT lanes_max_distance_check;
ALTER TABLE lanes ALTER COLUMN max_distance TYPE real;
ALTER TABLE lanes ALTER COLUMN max_distance SET DEFAULT 1;
ALTER TABLE lanes ADD CONSTRAINT lanes_max_distance_check CHECK (max_distance BETWEEN 0 AND 2);
ALTER TABLE lanes ADD COLUMN anti_passback boolean NOT NULL DEFAULT false;
ALTER TABLE lanes ADD COLUMN exit_rule text NOT NULL DEFAULT 'all' CHECK (exit_rule IN ('all', 'entered'));

ALTER TABLE events ALTER COLUMN distance TYPE real;

-- set when staff correct the count, so that only corrections (not every entry) are announced
ALTER TABLE lots ADD COLUMN occupancy_set_at timestamptz;
ALTER TABLE lots ADD COLUMN occupancy_set_by text;

-- which plates are inside each lot (anti-passback, exit lanes for entered vehicles only)
CREATE TABLE presence (
  lot_id      text NOT NULL REFERENCES lots (id) ON DELETE CASCADE,
  plate       text NOT NULL,
  entered_at  timestamptz NOT NULL,
  PRIMARY KEY (lot_id, plate)
);

CREATE INDEX passes_valid_to ON passes (valid_to);

-- The one JSON shape of each row the matcher reads: initial load, NOTIFY payload and local snapshot.
CREATE FUNCTION lk_plate_json(p plates) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', p.id, 'plate', p.plate, 'kind', p.kind, 'owner', p.owner,
    'valid_from', p.valid_from, 'valid_to', p.valid_to, 'schedule', p.schedule, 'lanes', p.lanes)
$$;

CREATE FUNCTION lk_pass_json(p passes) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', p.id, 'plate', p.plate, 'lot_id', p.lot_id, 'valid_from', p.valid_from,
    'valid_to', p.valid_to, 'reserved', p.reserved, 'note', p.note)
$$;

CREATE FUNCTION lk_lot_json(l lots) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_build_object('id', l.id, 'name', l.name, 'capacity', l.capacity, 'occupancy', l.occupancy)
$$;

-- One notification per changed row on channel lanekeeper_registry, sent at commit:
-- {"t": "plate"|"pass"|"lot", "op": "INSERT"|"UPDATE"|"DELETE"|"TRUNCATE", "id": n, "row": {...}|null}.
-- A row too big for a notification (8000 bytes) is announced without it ("fetch": true).
CREATE FUNCTION lk_notify(kind text, op text, id json, row_json json) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  payload json := json_build_object('t', kind, 'op', op, 'id', id, 'row', row_json);
BEGIN
  IF octet_length(payload::text) > 7900 THEN
    payload := json_build_object('t', kind, 'op', op, 'id', id, 'row', NULL, 'fetch', true);
  END IF;
  PERFORM pg_notify('lanekeeper_registry', payload::text);
END
$$;

-- Plates and passes: TG_ARGV[0] is the kind, TG_ARGV[1] the function that makes the row's JSON.
CREATE FUNCTION lk_registry_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_json json;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM lk_notify(TG_ARGV[0], TG_OP, NULL, NULL);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM lk_notify(TG_ARGV[0], TG_OP, to_json(OLD.id), NULL);
  ELSE
    EXECUTE format('SELECT %I($1)', TG_ARGV[1]) INTO row_json USING NEW;
    PERFORM lk_notify(TG_ARGV[0], TG_OP, to_json(NEW.id), row_json);
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION lk_lots_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM lk_notify('lot', TG_OP, to_json(OLD.id), NULL);
  ELSIF TG_OP = 'UPDATE' AND NEW.name IS NOT DISTINCT FROM OLD.name AND NEW.capacity IS NOT DISTINCT FROM OLD.capacity
        AND NEW.occupancy_set_at IS NOT DISTINCT FROM OLD.occupancy_set_at THEN
    NULL;  -- a gate's own count moving: that gate knows, and staff corrections set occupancy_set_at
  ELSE
    PERFORM lk_notify('lot', TG_OP, to_json(NEW.id), lk_lot_json(NEW));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER plates_notify AFTER INSERT OR UPDATE OR DELETE ON plates
  FOR EACH ROW EXECUTE FUNCTION lk_registry_changed('plate', 'lk_plate_json');
CREATE TRIGGER plates_notify_truncate AFTER TRUNCATE ON plates
  FOR EACH STATEMENT EXECUTE FUNCTION lk_registry_changed('plate', 'lk_plate_json');
CREATE TRIGGER passes_notify AFTER INSERT OR UPDATE OR DELETE ON passes
  FOR EACH ROW EXECUTE FUNCTION lk_registry_changed('pass', 'lk_pass_json');
CREATE TRIGGER passes_notify_truncate AFTER TRUNCATE ON passes
  FOR EACH STATEMENT EXECUTE FUNCTION lk_registry_changed('pass', 'lk_pass_json');
CREATE TRIGGER lots_notify AFTER INSERT OR UPDATE OR DELETE ON lots
  FOR EACH ROW EXECUTE FUNCTION lk_lots_changed();
