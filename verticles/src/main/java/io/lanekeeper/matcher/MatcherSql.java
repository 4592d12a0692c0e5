package io.lanekeeper.matcher;

/**
 * The matcher's SQL. Rows come as JSON in one shape ({@code lk_*_json}, migration V2) for load, NOTIFY and snapshot.
 */
final class MatcherSql {

  /** The channel the registry triggers notify on. */
  static final String CHANNEL = "lanekeeper_registry";

  static final String LOAD_PLATES = "SELECT lk_plate_json(p)::text FROM plates p";
  /** Passes that ended more than a week ago are history, not registrations. */
  static final String LOAD_PASSES =
      "SELECT lk_pass_json(p)::text FROM passes p WHERE valid_to > now() - interval '7 days'";
  static final String LOAD_LOTS = "SELECT lk_lot_json(l)::text FROM lots l";
  static final String LOAD_PRESENCE = "SELECT lot_id, plate, entered_at FROM presence";

  static final String FETCH_PLATE = "SELECT lk_plate_json(p)::text FROM plates p WHERE id = $1";
  static final String FETCH_PASS = "SELECT lk_pass_json(p)::text FROM passes p WHERE id = $1";
  static final String FETCH_LOT = "SELECT lk_lot_json(l)::text FROM lots l WHERE id = $1";

  /**
   * Names this device in a movement's transaction: the lot's count and presence changes are announced with it, so
   * that the other devices' matchers follow them and this one ignores its own (migration V12).
   */
  static final String AS_DEVICE = "SELECT set_config('lanekeeper.device', $1, true)";
  static final String MOVE_COUNT = "UPDATE lots SET occupancy = GREATEST(0, occupancy + $2) WHERE id = $1";
  static final String ENTER = """
      INSERT INTO presence (lot_id, plate, entered_at, lane_id, vehicle_id) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (lot_id, plate) DO UPDATE SET entered_at = EXCLUDED.entered_at, lane_id = EXCLUDED.lane_id,
        vehicle_id = EXCLUDED.vehicle_id""";
  /** A person marked a plate gone: $1 lot, $2 plate, $3 who, $4 why, $5 when; the presence row as it was. */
  static final String AUDIT_GONE = """
      INSERT INTO audit_log (at, actor, entity, entity_id, action, before, after)
      VALUES ($5::timestamptz, $3::text, 'presence', $1::text || '/' || $2::text, 'gone',
              (SELECT to_jsonb(p) FROM presence p WHERE p.lot_id = $1::text AND p.plate = $2::text),
              jsonb_build_object('lot', $1::text, 'plate', $2::text, 'why', $4::text))""";
  static final String EXIT = "DELETE FROM presence WHERE lot_id = $1 AND plate = $2";

  private MatcherSql() {
  }
}
