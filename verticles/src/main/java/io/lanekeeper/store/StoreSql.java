package io.lanekeeper.store;

/** The store's statements. Every write is idempotent: a retried write of the same id is a no-op. */
final class StoreSql {

  static final String UPSERT_LANE = """
      INSERT INTO lanes (id, name, direction, camera, gate, max_distance, formats, enabled, lot_id, anti_passback,
        exit_rule)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, direction = EXCLUDED.direction,
        camera = EXCLUDED.camera, gate = EXCLUDED.gate, max_distance = EXCLUDED.max_distance,
        formats = EXCLUDED.formats, enabled = EXCLUDED.enabled, lot_id = EXCLUDED.lot_id,
        anti_passback = EXCLUDED.anti_passback, exit_rule = EXCLUDED.exit_rule, updated_at = now()
      """;

  static final String INSERT_READ = """
      INSERT INTO plate_reads (id, lane_id, frame_id, captured_at, plate, confidence, char_confidences, box, format, crop)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
      ON CONFLICT (id) DO NOTHING
      """;

  static final String INSERT_EVENT = """
      INSERT INTO events (id, lane_id, captured_at, decided_at, plate_read, confidence, char_confidences, n_reads,
        decision, reason, matched_plate_id, matched_plate, distance, box, crop)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
        (SELECT id FROM plates WHERE id = $11), $12, $13, $14, $15)
      ON CONFLICT (id) DO NOTHING
      """;

  static final String INSERT_GATE_ACTION = """
      INSERT INTO gate_actions (uid, lane_id, at, action, result, decision_id, by_user, why)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (uid) DO NOTHING
      """;

  private StoreSql() {
  }
}
