-- Issue #6: accounts, an audit of every change staff make, fuzzy search of the history.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- plate search "ABC123" finds "A8C123": trigram similarity on the read and on the matched plate
CREATE INDEX events_plate_read_trgm ON events USING gin (plate_read gin_trgm_ops);
CREATE INDEX plates_plate_trgm ON plates USING gin (plate gin_trgm_ops);

ALTER TABLE users ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE users ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now();

-- Who changed what, when, and the row before and after (never a password hash). Written by triggers, so a change
-- is audited whichever way it is made; the application names the person with set_config('lanekeeper.actor', ...)
-- in the change's transaction, and a change made outside it is put on the database user.
CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor      text NOT NULL,
  entity     text NOT NULL,
  entity_id  text,
  action     text NOT NULL CHECK (action IN ('create', 'update', 'delete')),
  before     jsonb,
  after      jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at DESC);

-- TG_ARGV[0]: the entity's name; TG_ARGV[1..]: columns whose change alone is not an edit (a gate's own count of a
-- lot, a timestamp the update itself sets).
CREATE FUNCTION lk_audit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  who text := coalesce(nullif(current_setting('lanekeeper.actor', true), ''), 'database:' || session_user);
  quiet text[] := TG_ARGV[1:];
  b jsonb;
  a jsonb;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    b := to_jsonb(OLD) - 'password_hash';
  END IF;
  IF TG_OP <> 'DELETE' THEN
    a := to_jsonb(NEW) - 'password_hash';
  END IF;
  IF TG_OP = 'UPDATE' AND (b - quiet) = (a - quiet) THEN
    RETURN NULL;
  END IF;
  INSERT INTO audit_log (actor, entity, entity_id, action, before, after)
  VALUES (who, TG_ARGV[0], coalesce(a ->> 'id', b ->> 'id'),
          CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END, b, a);
  RETURN NULL;
END
$$;

CREATE TRIGGER plates_audit AFTER INSERT OR UPDATE OR DELETE ON plates
  FOR EACH ROW EXECUTE FUNCTION lk_audit('plate', 'updated_at');
CREATE TRIGGER passes_audit AFTER INSERT OR UPDATE OR DELETE ON passes
  FOR EACH ROW EXECUTE FUNCTION lk_audit('pass');
CREATE TRIGGER lots_audit AFTER INSERT OR UPDATE OR DELETE ON lots
  FOR EACH ROW EXECUTE FUNCTION lk_audit('lot', 'occupancy');
CREATE TRIGGER lanes_audit AFTER INSERT OR UPDATE OR DELETE ON lanes
  FOR EACH ROW EXECUTE FUNCTION lk_audit('lane', 'updated_at');
CREATE TRIGGER users_audit AFTER INSERT OR UPDATE OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION lk_audit('user', 'updated_at');
