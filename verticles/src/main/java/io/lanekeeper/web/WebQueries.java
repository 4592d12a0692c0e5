package io.lanekeeper.web;

import io.lanekeeper.db.SharedSql;

/** The SQL of the web verticle, in one place; every value travels as a {@code $n} parameter. */
final class WebQueries {

  private WebQueries() {
  }

  /** Names who changes what in this transaction, for the audit trigger (migration V4). */
  static final String SET_ACTOR = "SELECT set_config('lanekeeper.actor', $1, true)";

  /** The database's health: it answers at all. */
  static final String PING = "SELECT 1";

  static final String LANE_IDS = "SELECT id FROM lanes";

  /** The lanes each device of the site owns (a site's database; bounded as {@link SiteDirectory} is). */
  static final String SITE_LANES = """
      SELECT device, id, name, direction, lot_id, enabled FROM lanes ORDER BY device, id LIMIT 4096""";

  static final String LANES = """
      SELECT id, name, direction, max_distance, formats, lot_id, enabled, device
      FROM lanes ORDER BY id""";

  /**
   * A lane an admin stored: the whole lane in {@code config}, and who, so the file no longer overwrites it; $14 the
   * device of the site that runs it (null on its own); an existing lane keeps its device, and one of another device
   * is left as it is (no row comes back).
   */
  static final String STORE_LANE = "INSERT INTO lanes (" + SharedSql.LANE_COLUMNS
      + ", edited_by, edited_at, device)\n"
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now(), $14)\n"
      + "ON CONFLICT (id) DO UPDATE SET " + SharedSql.LANE_UPDATE
      + ", edited_by = EXCLUDED.edited_by, edited_at = now()\n"
      // a lane another device of the site owns is not taken over (a device away, its heartbeat not heard)
      + "WHERE lanes.device IS NULL OR lanes.device = EXCLUDED.device";

  private static final String PLATE_COLUMNS =
      "id, plate, display, kind, owner, notes, valid_from, valid_to, lanes, schedule, created_at, updated_at";

  /** $1 normalised plate fragment or null, $2 owner fragment (LIKE-escaped) or null, $3 limit, $4 offset. */
  static final String PLATES = "SELECT " + PLATE_COLUMNS + ", count(*) OVER () AS total FROM plates"
      + """

      WHERE ($1::text IS NULL AND $2::text IS NULL)
         OR plate LIKE '%' || $1 || '%'
         OR owner ILIKE '%' || $2 || '%'
      ORDER BY plate, kind
      LIMIT $3 OFFSET $4""";

  static final String ALL_PLATES = "SELECT " + PLATE_COLUMNS + " FROM plates ORDER BY plate, kind";

  static final String PLATE = "SELECT " + PLATE_COLUMNS + " FROM plates WHERE id = $1";

  static final String INSERT_PLATE = """
      INSERT INTO plates (plate, display, kind, owner, notes, valid_from, valid_to, lanes, schedule, created_by,
        updated_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, current_setting('lanekeeper.actor', true),
        current_setting('lanekeeper.actor', true))
      RETURNING\s""" + PLATE_COLUMNS;

  static final String UPDATE_PLATE = """
      UPDATE plates SET plate = $2, display = $3, kind = $4, owner = $5, notes = $6, valid_from = $7,
                        valid_to = $8, lanes = $9, schedule = $10::jsonb, updated_at = now(),
                        updated_by = current_setting('lanekeeper.actor', true)
      WHERE id = $1
      RETURNING\s""" + PLATE_COLUMNS;

  static final String DELETE_PLATE = "DELETE FROM plates WHERE id = $1 RETURNING id";

  /**
   * One row of an import ($1..$8 as {@link #INSERT_PLATE}, without the schedule): a plate already registered with
   * the kind is updated in place; {@code inserted} tells the two apart for the import's counts.
   */
  static final String IMPORT_PLATE = """
      INSERT INTO plates (plate, display, kind, owner, notes, valid_from, valid_to, lanes, created_by, updated_by)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, current_setting('lanekeeper.actor', true),
        current_setting('lanekeeper.actor', true))
      ON CONFLICT (plate, kind) DO UPDATE SET display = EXCLUDED.display, owner = EXCLUDED.owner,
        notes = EXCLUDED.notes, valid_from = EXCLUDED.valid_from, valid_to = EXCLUDED.valid_to,
        lanes = EXCLUDED.lanes, updated_at = now(), updated_by = 'import'
      RETURNING (xmax = 0) AS inserted""";

  private static final String PASS_COLUMNS = "id, plate, lot_id, valid_from, valid_to, reserved, note";

  /** Passes not ended yet, soonest first; $1 limit. */
  static final String PASSES = "SELECT " + PASS_COLUMNS
      + " FROM passes WHERE valid_to > now() ORDER BY valid_from LIMIT $1";

  static final String INSERT_PASS = """
      INSERT INTO passes (plate, lot_id, valid_from, valid_to, reserved, note, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, current_setting('lanekeeper.actor', true))
      RETURNING\s""" + PASS_COLUMNS;

  static final String DELETE_PASS = "DELETE FROM passes WHERE id = $1 RETURNING id";

  private static final String LOT_COLUMNS = "id, name, capacity, occupancy, occupancy_set_at";

  static final String LOTS = "SELECT " + LOT_COLUMNS + " FROM lots ORDER BY id";

  static final String LOT_EXISTS = "SELECT 1 FROM lots WHERE id = $1";

  /** Who is inside lot $1, newest first: $2 plate fragment or null, $3 limit, $4 offset; with the total. */
  static final String INSIDE = """
      SELECT p.plate, p.entered_at, p.lane_id, l.name AS lane_name, p.vehicle_id,
        coalesce(e.crop IS NOT NULL, false) AS has_crop, count(*) OVER () AS total
      FROM presence p LEFT JOIN lanes l ON l.id = p.lane_id LEFT JOIN events e ON e.id = p.vehicle_id
      WHERE p.lot_id = $1 AND ($2::text IS NULL OR p.plate LIKE '%' || $2 || '%')
      ORDER BY p.entered_at DESC, p.plate
      LIMIT $3 OFFSET $4""";

  static final String INSERT_LOT = "INSERT INTO lots (id, name, capacity) VALUES ($1, $2, $3) RETURNING " + LOT_COLUMNS;

  static final String UPDATE_LOT = "UPDATE lots SET name = $2, capacity = $3 WHERE id = $1 RETURNING " + LOT_COLUMNS;

  /** $1 lot, $2 the count staff made, $3 by whom; occupancy_set_at makes the lots trigger announce it. */
  static final String SET_OCCUPANCY = """
      UPDATE lots SET occupancy = $2, occupancy_set_at = now(), occupancy_set_by = $3 WHERE id = $1
      RETURNING\s""" + LOT_COLUMNS;

  /** Never the crop itself: lists stay small, the image has its own URL. */
  private static final String EVENT_COLUMNS = """
      e.id, e.lane_id, e.captured_at, e.decided_at, e.plate_read, e.confidence, e.char_confidences, e.n_reads,
      e.decision, e.reason, e.matched_plate_id, e.matched_plate, e.distance, e.box, e.crop IS NOT NULL AS has_crop,
      COALESCE((SELECT json_agg(json_build_object('id', g.id, 'at', g.at, 'action', g.action, 'result', g.result,
                                                  'by', g.by_user, 'why', g.why) ORDER BY g.at, g.id)
                FROM gate_actions g WHERE g.decision_id = e.id OR g.vehicle_id = e.id), '[]'::json)
        AS gate_actions""";

  /** The history's filters on decisions ($1 lane, $2 plate, $3 decision, $4 from, $5 to; each null for any). */
  private static final String VEHICLE_FILTER = """
      WHERE ($1::text IS NULL OR e.lane_id = $1)
        AND ($2::text IS NULL OR e.plate_read LIKE '%' || $2 || '%' OR e.matched_plate LIKE '%' || $2 || '%'
             OR (length($2) >= 4 AND e.plate_read % $2))
        AND ($3::text IS NULL OR e.decision = $3)
        AND ($4::timestamptz IS NULL OR e.captured_at >= $4)
        AND ($5::timestamptz IS NULL OR e.captured_at < $5)""";

  /** The same filters on manual opens: a plate by the read of the vehicle the open names. */
  private static final String MANUAL_FILTER = """
      WHERE g.action = 'open' AND g.decision_id IS NULL AND g.by_user <> 'loop'
        AND ($1::text IS NULL OR g.lane_id = $1)
        AND ($2::text IS NULL OR v.plate_read LIKE '%' || $2 || '%' OR v.matched_plate LIKE '%' || $2 || '%'
             OR (length($2) >= 4 AND v.plate_read % $2))
        AND ($3::text IS NULL OR $3 = 'manual')
        AND ($4::timestamptz IS NULL OR g.at >= $4)
        AND ($5::timestamptz IS NULL OR g.at < $5)""";

  private static final String MANUAL_FROM =
      "FROM gate_actions g LEFT JOIN events v ON v.id = g.vehicle_id LEFT JOIN lanes l ON l.id = g.lane_id\n";

  /**
   * The history: the decisions on vehicles and, beside them, every manual open (a person's, a broker command's, or
   * the barrier moved outside the controller; never the loop's safety reopening), each with the vehicle it was
   * for when it names one. Filters $1-$5 ({@link #VEHICLE_FILTER}: a plate is a fragment of the read or the
   * matched plate, or a read that looks like it, pg_trgm similarity at least 0.3, so "A8C1234" finds "ABC1234");
   * $6 limit, $7 offset (a page). Each side is ordered and cut at offset + limit on its own, so no more than twice
   * that many rows are ever sorted.
   */
  private static String history(String vehicleColumns, String manualColumns) {
    return "SELECT * FROM (\n(SELECT 'vehicle' AS kind, " + vehicleColumns
        + "\nFROM events e LEFT JOIN lanes l ON l.id = e.lane_id\n" + VEHICLE_FILTER
        + "\nORDER BY e.captured_at DESC, e.id LIMIT $6::int + $7::int)\nUNION ALL\n(SELECT 'manual' AS kind, "
        + manualColumns + "\n" + MANUAL_FROM + MANUAL_FILTER
        + "\nORDER BY g.at DESC, g.uid LIMIT $6::int + $7::int)\n) h\n"
        + "ORDER BY captured_at DESC, id LIMIT $6::int OFFSET $7::int";
  }

  /** How many rows the history's filters select, counted to {@link #COUNT_CAP} on each side (then "more than"). */
  static final int COUNT_CAP = 10_000;

  static final String HISTORY_COUNT = "SELECT (SELECT count(*) FROM (SELECT 1 FROM events e\n" + VEHICLE_FILTER
      + "\nLIMIT " + (COUNT_CAP + 1) + ") a) + (SELECT count(*) FROM (SELECT 1 " + MANUAL_FROM + MANUAL_FILTER
      + "\nLIMIT " + (COUNT_CAP + 1) + ") b) AS n";

  /** What a manual open has in the columns of a decision: its vehicle's read and crop, its reason, who. */
  private static final String MANUAL_COLUMNS = """
      g.uid AS id, g.lane_id, g.at AS captured_at, g.at AS decided_at, v.plate_read, NULL::real AS confidence,
      NULL::real[] AS char_confidences, NULL::integer AS n_reads, 'manual' AS decision, g.why AS reason,
      NULL::bigint AS matched_plate_id, v.matched_plate, NULL::real AS distance, NULL::integer[] AS box,
      coalesce(v.crop IS NOT NULL, false) AS has_crop, '[]'::json AS gate_actions""";

  /** The lane's name and direction, the device of the site that runs it now (null on its own), and who. */
  private static final String WHO =
      ", l.name AS lane_name, l.direction, l.device, %s AS by_user, %s AS result, %s AS vehicle_id";

  /** The history page: decisions and manual opens, newest first. */
  static final String EVENTS = history(EVENT_COLUMNS + WHO.formatted("NULL::text", "NULL::text", "NULL::uuid"),
      MANUAL_COLUMNS + WHO.formatted("g.by_user", "g.result", "g.vehicle_id"));

  private static final String CSV_VEHICLE = """
      e.id, e.lane_id, e.captured_at, e.decided_at, e.plate_read, e.confidence, e.n_reads, e.decision, e.reason,
      e.matched_plate, e.distance""";

  private static final String CSV_MANUAL = """
      g.uid AS id, g.lane_id, g.at AS captured_at, g.at AS decided_at, v.plate_read, NULL::real AS confidence,
      NULL::integer AS n_reads, 'manual' AS decision, g.why AS reason, v.matched_plate, NULL::real AS distance""";

  /** The same rows for a CSV export: no crops, no gate actions. */
  static final String EVENTS_CSV = history(CSV_VEHICLE + WHO.formatted("NULL::text", "NULL::text", "NULL::uuid"),
      CSV_MANUAL + WHO.formatted("g.by_user", "g.result", "g.vehicle_id"));

  /** A refused vehicle let through by hand (gate actions {@code g}): it moved in or out as an allowed one does. */
  private static final String LET_THROUGH = "g.vehicle_id IS NOT NULL AND g.action = 'open' AND g.result = 'done'";

  /**
   * Decisions per hour from $1 until now, by the lane's direction and the decision ('manual' for a refused vehicle
   * let through by hand), in the lot $2 (or all lots): the entries and exits chart, and the movements the occupancy
   * chart walks back from the lot's count.
   */
  static final String HOURLY = """
      SELECT least(floor(extract(epoch FROM x.at - $1::timestamptz) / 3600), 24)::int AS hour,
        x.direction, x.decision, count(*) AS n
      FROM (SELECT e.captured_at AS at, l.direction, e.decision
            FROM events e JOIN lanes l ON l.id = e.lane_id
            WHERE e.captured_at >= $1 AND ($2::text IS NULL OR l.lot_id = $2)
            UNION ALL
            -- a refused vehicle let through by hand: it moved in or out as an allowed one does
            SELECT g.at, l.direction, 'manual'
            FROM gate_actions g JOIN lanes l ON l.id = g.lane_id
            WHERE %1$s AND g.at >= $1
              AND ($2::text IS NULL OR l.lot_id = $2)) x
      GROUP BY 1, 2, 3""".formatted(LET_THROUGH);

  /**
   * A report's movements: $1 from, $2 to, $3 'hour' or 'day', $4 the time zone, $5 the lot or null. Decisions and
   * refused vehicles let through by hand ('manual'), per local period, lane and direction.
   */
  private static final String REPORT_ROWS = """
      SELECT e.captured_at AS at, e.lane_id, e.decision, e.reason, e.plate_read FROM events e
      WHERE e.captured_at >= $1 AND e.captured_at < $2
      UNION ALL
      SELECT g.at, g.lane_id, 'manual', NULL, NULL FROM gate_actions g
      WHERE %1$s AND g.at >= $1 AND g.at < $2""".formatted(LET_THROUGH);

  private static final String REPORT_SCOPE = """
      FROM (%s) x LEFT JOIN lanes l ON l.id = x.lane_id
      WHERE ($5::text IS NULL OR l.lot_id = $5) AND $3::text IS NOT NULL AND $4::text IS NOT NULL""";

  static final String REPORT_PERIODS = """
      SELECT date_trunc($3, x.at AT TIME ZONE $4) AS period, x.lane_id, l.name AS lane_name, l.direction, x.decision,
        l.device, count(*) AS n
      """ + REPORT_SCOPE.formatted(REPORT_ROWS) + "\nGROUP BY 1, 2, 3, 4, 5, 6";

  /** Refusals by reason, the variable part of a reason (edits, the doubt, the candidates) left out. */
  static final String REPORT_REASONS = """
      SELECT coalesce(substring(x.reason FROM '^(deny-listed|unreadable|ambiguous)'), x.reason) AS reason,
        count(*) AS n
      """ + REPORT_SCOPE.formatted(REPORT_ROWS) + """

      AND x.decision = 'deny' GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 20""";

  /** Movements (allowed, and let through by hand) by local hour of the day. */
  static final String REPORT_HOURS = """
      SELECT extract(hour FROM x.at AT TIME ZONE $4)::int AS hour, count(*) AS n
      """ + REPORT_SCOPE.formatted(REPORT_ROWS) + """

      AND x.decision IN ('allow', 'manual') GROUP BY 1""";

  static final String REPORT_TOP_REFUSED = """
      SELECT x.plate_read, count(*) AS n, max(x.at) AS last
      """ + REPORT_SCOPE.formatted(REPORT_ROWS) + """

      AND x.decision = 'deny' AND x.plate_read <> '' GROUP BY 1 ORDER BY 2 DESC, 3 DESC LIMIT 10""";

  /** The lot $2's net movements per hour from $1 until now: what its count is walked back through. */
  static final String REPORT_WALK = """
      SELECT floor(extract(epoch FROM x.at - $1::timestamptz) / 3600)::int AS hour,
        sum(CASE WHEN l.direction = 'exit' THEN -1 ELSE 1 END) AS net
      FROM (SELECT e.captured_at AS at, e.lane_id FROM events e WHERE e.captured_at >= $1 AND e.decision = 'allow'
            UNION ALL
            SELECT g.at, g.lane_id FROM gate_actions g
            WHERE %1$s AND g.at >= $1) x
      JOIN lanes l ON l.id = x.lane_id
      WHERE l.lot_id = $2
      GROUP BY 1""".formatted(LET_THROUGH);

  static final String EVENT = "SELECT " + EVENT_COLUMNS + " FROM events e WHERE e.id = $1";

  static final String EVENT_CROP = "SELECT crop FROM events WHERE id = $1";

  static final String EVENT_LANE = "SELECT lane_id FROM events WHERE id = $1";

  static final String USER_COUNT = "SELECT count(*) FROM users";

  static final String USER_BY_NAME =
      "SELECT id, name, password_hash, role, disabled, language FROM users WHERE name = $1";

  /** The setup's admin, only while there is no user at all. */
  static final String INSERT_FIRST_ADMIN = """
      INSERT INTO users (name, password_hash, role, language) SELECT $1, $2, 'admin', $3
      WHERE NOT EXISTS (SELECT 1 FROM users) RETURNING id""";

  static final String SET_PASSWORD =
      "UPDATE users SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1";

  /** Never the password hash. */
  private static final String USER_COLUMNS =
      "id, name, role, disabled, language, created_at, updated_at, password_changed_at";

  /** The interface language of the session's own account. */
  static final String SET_LANGUAGE = "UPDATE users SET language = $2, updated_at = now() WHERE id = $1";

  static final String USERS = "SELECT " + USER_COLUMNS + " FROM users ORDER BY name";

  static final String INSERT_USER = "INSERT INTO users (name, password_hash, role, language) VALUES ($1, $2, $3, $4) "
      + "RETURNING " + USER_COLUMNS;

  /**
   * $2 role or null, $3 disabled or null, $4 hash or null, $5 language or null: what is null stays. Also returns
   * whether the access changed (role, disabled, password), which ends the account's sessions; a new language alone
   * does not.
   */
  static final String UPDATE_USER = """
      WITH old AS (SELECT id, role, disabled FROM users WHERE id = $1 FOR UPDATE)
      UPDATE users u SET role = coalesce($2, u.role), disabled = coalesce($3, u.disabled),
        password_hash = coalesce($4, u.password_hash), language = coalesce($5, u.language),
        password_changed_at = CASE WHEN $4::text IS NULL THEN u.password_changed_at ELSE now() END,
        updated_at = now()
      FROM old WHERE u.id = old.id
      RETURNING u.id, u.name, u.role, u.disabled, u.language, u.created_at, u.updated_at, u.password_changed_at,
        (u.role <> old.role OR u.disabled <> old.disabled OR $4::text IS NOT NULL) AS access_changed""";

  static final String DELETE_USER = "DELETE FROM users WHERE id = $1 RETURNING id";

  static final String ADMINS_LEFT = "SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled";

  /** $1 entity or null, $2 entity id or null, $3 before this id or null (paging), $4 limit. */
  static final String AUDIT = """
      SELECT id, at, actor, entity, entity_id, action, before, after FROM audit_log
      WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)
        AND ($3::bigint IS NULL OR id < $3)
      ORDER BY id DESC LIMIT $4""";
}
