-- Issue #17: the audit of lanes never keeps a camera's password. A lane's row must keep its secrets (the camera
-- connects with them), but its audit entries are read by people: the before and after of a lane are written
-- with every secret masked, by the rules of io.lanekeeper.config.Redaction (RedactionTest holds the two to the
-- same samples), and the entries written before this migration are masked the same way.

-- Free text: a URL's password, a password=/token=/secret= value, an Authorization header's credentials.
CREATE FUNCTION lk_redact_text(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT regexp_replace(regexp_replace(regexp_replace(s,
    '(\m[a-z][a-z0-9+.-]*://[^[:space:]/:@"''<>]*:)(?![0-9]+(/|[[:space:]]|$))[^[:space:]]+(?=@[^[:space:]@]*([[:space:]]|$))',
    '\1***', 'gi'),
    '((?<![a-z0-9_.-])[a-z0-9_.-]*(password|passwd|pass|pwd|pw|secret|token|api[_-]?key)=)[^&;[:space:]"'',)<>]+',
    '\1***', 'gi'),
    '(authorization:[[:space:]]*(basic|bearer|digest)[[:space:]]+)[^[:space:]"'',]+', '\1***', 'gi')
$$;

-- A JSON value with every secret masked: strings under a key named like a secret, arguments after a flag naming
-- one (--password x), and the secrets inside any other string.
CREATE FUNCTION lk_redact(j jsonb, secret boolean DEFAULT false) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  out jsonb;
BEGIN
  CASE jsonb_typeof(j)
  WHEN 'string' THEN
    IF secret AND j #>> '{}' <> '' THEN
      RETURN to_jsonb('***'::text);
    END IF;
    RETURN to_jsonb(lk_redact_text(j #>> '{}'));
  WHEN 'object' THEN
    SELECT coalesce(jsonb_object_agg(key, lk_redact(value, lower(regexp_replace(key, '[-_.]', '', 'g'))
        ~ '(password|passwd|passphrase|pwd|secret|token|apikey)$|^(pass|pw)$')), '{}'::jsonb)
      INTO out FROM jsonb_each(j);
    RETURN out;
  WHEN 'array' THEN
    SELECT coalesce(jsonb_agg(lk_redact(e, coalesce(jsonb_typeof(p) = 'string'
        AND p #>> '{}' ~* '^--?[a-z0-9_.-]*(password|passwd|pass|pwd|pw|secret|token|api[_-]?key)$', false))
        ORDER BY n), '[]'::jsonb)
      INTO out
      FROM (SELECT e, n, lag(e) OVER (ORDER BY n) AS p FROM jsonb_array_elements(j) WITH ORDINALITY AS t (e, n)) x;
    RETURN out;
  ELSE
    RETURN j;
  END CASE;
END
$$;

-- As in V4, but a lane's before and after are masked once the change is known to be one: a new camera password
-- alone is still an audited change (its entry shows the masks).
CREATE OR REPLACE FUNCTION lk_audit() RETURNS trigger LANGUAGE plpgsql AS $$
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
  -- lanes hold camera credentials; the other audited tables hold none, and plates are written in bulk
  IF TG_TABLE_NAME = 'lanes' THEN
    b := lk_redact(b);
    a := lk_redact(a);
  END IF;
  INSERT INTO audit_log (actor, entity, entity_id, action, before, after)
  VALUES (who, TG_ARGV[0], coalesce(a ->> 'id', b ->> 'id'),
          CASE TG_OP WHEN 'INSERT' THEN 'create' WHEN 'UPDATE' THEN 'update' ELSE 'delete' END, b, a);
  RETURN NULL;
END
$$;

UPDATE audit_log SET before = lk_redact(before), after = lk_redact(after) WHERE entity = 'lane';
