package io.lanekeeper.matcher;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/**
 * Something that lets a plate through or keeps it out, as the matcher holds it: a registered plate (allow or deny)
 * or a visitor pass / reservation. Built from the JSON that PostgreSQL sends ({@code lk_plate_json},
 * {@code lk_pass_json} in the migrations: the same shape for the initial load, for NOTIFY and for the snapshot).
 *
 * @param key {@code plate:<id>} or {@code pass:<id>}: unique across both tables
 * @param lanes the lanes a plate may use; empty for every lane
 * @param lot the lot a pass is for, or null
 * @param reserved a pass that holds a place: it enters a full lot
 * @param problem why the row could not be read whole, for a deny entry kept in its strictest form; else null
 */
record Registration(String key, long id, Kind kind, String plate, String owner, Instant validFrom, Instant validTo,
                    WeeklySchedule schedule, List<String> lanes, String lot, boolean reserved, String problem) {

  enum Kind { ALLOW, DENY, PASS }

  /**
   * A registered plate row. Fails closed: a deny entry whose validity, schedule or lanes cannot be read still
   * denies its plate, always and on every lane ({@link #problem} says why); an allow entry that cannot be read
   * throws, and lets nobody in.
   *
   * @throws IllegalArgumentException (or another runtime exception) when the row cannot be used at all
   */
  static Registration plate(JsonObject j, ZoneId zone) {
    long id = j.getLong("id");
    Kind kind = "deny".equals(j.getString("kind")) ? Kind.DENY : Kind.ALLOW;
    String plate = j.getString("plate");
    if (plate == null || plate.isEmpty()) {
      throw new IllegalArgumentException("no plate text");
    }
    try {
      JsonArray lanes = j.getJsonArray("lanes");
      JsonObject schedule = j.getJsonObject("schedule");
      return new Registration("plate:" + id, id, kind, plate, j.getString("owner"), instant(j.getString("valid_from")),
          instant(j.getString("valid_to")), schedule == null ? null : WeeklySchedule.parse(schedule, zone),
          lanes == null ? List.of() : lanes.stream().map(String::valueOf).toList(), null, false,
          j.getValue("problem") instanceof String p ? p : null);
    } catch (RuntimeException e) {
      if (kind != Kind.DENY) {
        throw e;
      }
      return new Registration("plate:" + id, id, kind, plate, j.getValue("owner") instanceof String o ? o : null,
          null, null, null, List.of(), null, false, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  static Registration pass(JsonObject j) {
    long id = j.getLong("id");
    return new Registration("pass:" + id, id, Kind.PASS, j.getString("plate"), j.getString("note"),
        instant(j.getString("valid_from")), instant(j.getString("valid_to")), null, List.of(), j.getString("lot_id"),
        j.getBoolean("reserved", false), null);
  }

  boolean deny() {
    return kind == Kind.DENY;
  }

  /** Whether it is valid at this time (validity window and schedule), ignoring the lane. */
  boolean activeAt(Instant t) {
    return (validFrom == null || !t.isBefore(validFrom)) && (validTo == null || t.isBefore(validTo))
        && (schedule == null || schedule.allows(t));
  }

  /** The JSON it was built from (the snapshot's form). */
  JsonObject toJson() {
    JsonObject j = new JsonObject().put("id", id).put("plate", plate)
        .put("valid_from", validFrom == null ? null : validFrom.toString())
        .put("valid_to", validTo == null ? null : validTo.toString());
    if (kind == Kind.PASS) {
      return j.put("lot_id", lot).put("reserved", reserved).put("note", owner);
    }
    if (problem != null) {
      j.put("problem", problem);
    }
    return j.put("kind", deny() ? "deny" : "allow").put("owner", owner)
        .put("schedule", schedule == null ? null : schedule.toJson())
        .put("lanes", lanes.isEmpty() ? null : new JsonArray(lanes));
  }

  private static Instant instant(String s) {
    return s == null ? null : OffsetDateTime.parse(s).toInstant();
  }
}
