package io.lanekeeper.privacy;

/** The SQL of retention, pseudonymisation, subject access and erasure; every value a {@code $n} parameter. */
final class PrivacySql {

  private PrivacySql() {
  }

  /** One purge at a time across every device sharing the database. */
  static final String TRY_LOCK = "SELECT pg_try_advisory_lock(7341001)";
  static final String UNLOCK = "SELECT pg_advisory_unlock(7341001)";

  private static final String UNREGISTERED = """
      NOT EXISTS (SELECT 1 FROM plates p WHERE p.plate = %1$s)
      AND NOT EXISTS (SELECT 1 FROM passes s WHERE s.plate = %1$s)""";

  /** Decisions before $1 on vehicles no registration names, not hashed yet; $2 rows at most. */
  static final String EVENTS_TO_HASH = """
      SELECT e.id, e.lane_id, e.plate_read FROM events e
      WHERE e.captured_at < $1 AND e.matched_plate IS NULL AND e.plate_read NOT LIKE '#%%' AND
      """.formatted() + UNREGISTERED.formatted("e.plate_read") + "\nLIMIT $2";

  static final String HASH_EVENTS = """
      UPDATE events e SET plate_read = u.h, crop = NULL
      FROM unnest($1::uuid[], $2::text[]) AS u(id, h) WHERE e.id = u.id""";

  static final String READS_TO_HASH = """
      SELECT r.id, r.plate FROM plate_reads r
      WHERE r.captured_at < $1 AND r.plate NOT LIKE '#%%' AND
      """.formatted() + UNREGISTERED.formatted("r.plate") + "\nLIMIT $2";

  static final String HASH_READS = """
      UPDATE plate_reads r SET plate = u.h, crop = NULL
      FROM unnest($1::uuid[], $2::text[]) AS u(id, h) WHERE r.id = u.id""";

  static final String DELETE_READS = """
      DELETE FROM plate_reads WHERE id IN (SELECT id FROM plate_reads WHERE captured_at < $1 LIMIT $2)""";

  static final String DROP_EVENT_CROPS = """
      UPDATE events SET crop = NULL
      WHERE id IN (SELECT id FROM events WHERE captured_at < $1 AND crop IS NOT NULL LIMIT $2)""";

  static final String DROP_READ_CROPS = """
      UPDATE plate_reads SET crop = NULL
      WHERE id IN (SELECT id FROM plate_reads WHERE captured_at < $1 AND crop IS NOT NULL LIMIT $2)""";

  static final String DELETE_EVENTS = """
      DELETE FROM events WHERE id IN (SELECT id FROM events WHERE captured_at < $1 LIMIT $2)
      RETURNING id, lane_id""";

  static final String DELETE_GATE_ACTIONS = """
      DELETE FROM gate_actions WHERE id IN (SELECT id FROM gate_actions WHERE at < $1 LIMIT $2)""";

  /** $1 actor, $2 entity, $3 entity id, $4 action, $5 the record (jsonb). */
  static final String AUDIT = """
      INSERT INTO audit_log (actor, entity, entity_id, action, before, after)
      VALUES ($1, $2, $3, $4, NULL, $5::jsonb)""";

  // ---- one plate: $1 the plate, $2 its keyed hash; the rows of either ----

  static final String SUBJECT_PLATES = """
      SELECT to_jsonb(p) AS row FROM plates p WHERE p.plate = $1 ORDER BY p.id""";

  static final String SUBJECT_PASSES = """
      SELECT to_jsonb(p) AS row FROM passes p WHERE p.plate = $1 ORDER BY p.id""";

  static final String SUBJECT_PRESENCE = """
      SELECT to_jsonb(p) AS row FROM presence p WHERE p.plate = $1""";

  /** The decisions on the plate (read or matched), with their barrier actions and crop; $3 rows at most. */
  static final String SUBJECT_EVENTS = """
      SELECT to_jsonb(e) - 'crop' AS row, encode(e.crop, 'base64') AS crop,
        COALESCE((SELECT jsonb_agg(to_jsonb(g) ORDER BY g.at) FROM gate_actions g
                  WHERE g.decision_id = e.id OR g.vehicle_id = e.id), '[]'::jsonb) AS actions
      FROM events e WHERE e.plate_read IN ($1, $2) OR e.matched_plate = $1
      ORDER BY e.captured_at DESC LIMIT $3""";

  static final String SUBJECT_READS = """
      SELECT to_jsonb(r) - 'crop' AS row FROM plate_reads r WHERE r.plate IN ($1, $2)
      ORDER BY r.captured_at DESC LIMIT $3""";

  static final String ERASE_EVENTS = """
      DELETE FROM events WHERE plate_read IN ($1, $2) OR matched_plate = $1 RETURNING id, lane_id""";

  static final String ERASE_READS = "DELETE FROM plate_reads WHERE plate IN ($1, $2)";
  static final String ERASE_PRESENCE = "DELETE FROM presence WHERE plate = $1";
  static final String ERASE_PASSES = "DELETE FROM passes WHERE plate = $1";
  static final String ERASE_PLATES = "DELETE FROM plates WHERE plate = $1";
  static final String SET_ACTOR = "SELECT set_config('lanekeeper.actor', $1, true)";
}
