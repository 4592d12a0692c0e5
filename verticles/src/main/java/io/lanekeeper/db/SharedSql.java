package io.lanekeeper.db;

import io.lanekeeper.config.LaneConfig;
import io.vertx.core.json.JsonObject;

/** Statements more than one verticle runs, each against its own pool. */
public final class SharedSql {

  /**
   * A lot named by a lane's configuration: created with its id as name, never overwritten (capacity and name are
   * the admins'). The store runs it when it seeds the lanes, the matcher before writing a movement into the lot.
   */
  public static final String ENSURE_LOT = "INSERT INTO lots (id, name) VALUES ($1, $1) ON CONFLICT (id) DO NOTHING";

  /**
   * A {@code lanes} row's columns, as {@link #laneRow} gives their values ($1..$12): the lane's columns the API
   * lists and filters on, and the whole lane as configured in {@code config}.
   */
  public static final String LANE_COLUMNS =
      "id, name, direction, camera, gate, max_distance, formats, enabled, lot_id, anti_passback, exit_rule, config";

  /** The columns a newer version of a lane overwrites (ON CONFLICT (id) DO UPDATE SET ...). */
  public static final String LANE_UPDATE = """
      name = EXCLUDED.name, direction = EXCLUDED.direction,
        camera = EXCLUDED.camera, gate = EXCLUDED.gate, max_distance = EXCLUDED.max_distance,
        formats = EXCLUDED.formats, enabled = EXCLUDED.enabled, lot_id = EXCLUDED.lot_id,
        anti_passback = EXCLUDED.anti_passback, exit_rule = EXCLUDED.exit_rule, config = EXCLUDED.config,
        updated_at = now()""";

  private SharedSql() {
  }

  /** The values of {@link #LANE_COLUMNS} for a lane; {@code config} is the lane's JSON as it is to be kept. */
  public static Object[] laneRow(LaneConfig l, JsonObject config) {
    return new Object[] {l.id(), l.name(), l.direction(), l.camera().toJson(), l.gate().toJson(),
        (float) l.maxDistance(), l.formats().toArray(String[]::new), l.enabled(), l.lot(), l.antiPassback(),
        l.exitRule(), config};
  }
}
