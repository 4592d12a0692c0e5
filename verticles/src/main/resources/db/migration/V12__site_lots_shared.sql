-- Issue #23: a lot's lanes may run on several devices of a site, each matcher keeping the lot's count and who is
-- inside in its own memory. Each now follows the others' movements too: the transaction that writes a movement
-- names its device (set_config('lanekeeper.device', ..., true)), and the count's change and each presence row are
-- announced on lanekeeper_registry with it ("by"); a matcher ignores what its own device wrote.

CREATE FUNCTION lk_notify_by(kind text, op text, id json, row_json json, device text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  payload json := json_build_object('t', kind, 'op', op, 'id', id, 'row', row_json, 'by', device);
BEGIN
  IF octet_length(payload::text) > 7900 THEN
    payload := json_build_object('t', kind, 'op', op, 'id', id, 'row', NULL, 'fetch', true, 'by', device);
  END IF;
  PERFORM pg_notify('lanekeeper_registry', payload::text);
END
$$;

CREATE OR REPLACE FUNCTION lk_lots_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  device text := nullif(current_setting('lanekeeper.device', true), '');
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM lk_notify('lot', TG_OP, to_json(OLD.id), NULL);
  ELSIF TG_OP = 'UPDATE' AND NEW.name IS NOT DISTINCT FROM OLD.name AND NEW.capacity IS NOT DISTINCT FROM OLD.capacity
        AND NEW.occupancy_set_at IS NOT DISTINCT FROM OLD.occupancy_set_at
        AND (device IS NULL OR NEW.occupancy IS NOT DISTINCT FROM OLD.occupancy) THEN
    NULL;  -- nothing changed that a device does not know: a count moved by a writer that does not say which device
  ELSE
    PERFORM lk_notify_by('lot', TG_OP, to_json(NEW.id), lk_lot_json(NEW), device);
  END IF;
  RETURN NULL;
END
$$;

-- who is inside: every change, by a device's movement or otherwise (a lot deleted, a person's records erased)
CREATE FUNCTION lk_presence_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  device text := nullif(current_setting('lanekeeper.device', true), '');
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM lk_notify_by('inside', TG_OP, NULL, json_build_object('lot', OLD.lot_id, 'plate', OLD.plate), device);
  ELSE
    PERFORM lk_notify_by('inside', TG_OP, NULL,
      json_build_object('lot', NEW.lot_id, 'plate', NEW.plate, 'at', NEW.entered_at), device);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER presence_notify AFTER INSERT OR UPDATE OR DELETE ON presence
  FOR EACH ROW EXECUTE FUNCTION lk_presence_changed();
