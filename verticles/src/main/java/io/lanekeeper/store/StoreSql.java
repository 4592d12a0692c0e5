package io.lanekeeper.store;

import io.lanekeeper.db.SharedSql;

/** The store's statements. Every write is idempotent: a retried write of the same id is a no-op. */
final class StoreSql {

  /**
   * The configuration file's lanes; one edited in the browser (edited_by set) keeps the browser's version. $13: the
   * device of the site that runs them (null on its own); a lane another device owns stays that device's.
   */
  static final String UPSERT_LANE = "INSERT INTO lanes (" + SharedSql.LANE_COLUMNS + ", device)\n"
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)\n"
      + "ON CONFLICT (id) DO UPDATE SET " + SharedSql.LANE_UPDATE + ", device = coalesce(lanes.device, "
      + "EXCLUDED.device)\nWHERE lanes.edited_by IS NULL AND (lanes.device IS NULL OR lanes.device = EXCLUDED.device)";

  static final String INSERT_READ = """
      INSERT INTO plate_reads (id, lane_id, frame_id, captured_at, plate, confidence, char_confidences, box, \
      format, crop)
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
      INSERT INTO gate_actions (uid, lane_id, at, action, result, decision_id, by_user, why, vehicle_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
      ON CONFLICT (uid) DO NOTHING
      """;

  private StoreSql() {
  }
}
