package io.lanekeeper.web;

import io.lanekeeper.config.LaneConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A registered plate as an admin sends it ({@code POST} and {@code PUT /api/plates}), validated
 * field by field so that a refusal names the field. Unknown fields are ignored, so the JSON of a
 * {@code GET} can be edited and sent back.
 *
 * @param lanes the lanes the plate may use, or null for every lane
 * @param captionNote the note when a caption typed with the plate was left out ({@link PlateFields.Typed}), or null
 */
record PlateInput(String plate, String display, String kind, String owner, String notes, OffsetDateTime validFrom,
                  OffsetDateTime validTo, List<String> lanes, JsonObject schedule, String captionNote) {

  private static final Set<String> KINDS = Set.of("allow", "deny");
  private static final int MAX_DISPLAY = 32;
  private static final int MAX_OWNER = 200;
  private static final int MAX_NOTES = 2000;

  static PlateInput from(JsonObject j) {
    String typed = text(j, "plate", 64);
    PlateFields.Typed read = PlateFields.typed("plate", typed);
    String plate = read.plate();
    String display = PlateFields.display(typed);
    String kind = text(j, "kind", 16);
    kind = kind == null ? "allow" : kind;
    if (!KINDS.contains(kind)) {
      throw ApiError.invalid("kind", "must be 'allow' or 'deny'");
    }
    OffsetDateTime from = time(j, "validFrom");
    OffsetDateTime to = time(j, "validTo");
    if (from != null && to != null && !to.isAfter(from)) {
      throw ApiError.invalid("validTo", "must be after validFrom");
    }
    return new PlateInput(plate, display.length() > MAX_DISPLAY ? plate : display, kind,
        blankToNull(text(j, "owner", MAX_OWNER)), blankToNull(text(j, "notes", MAX_NOTES)), from, to, lanes(j),
        schedule(j), read.captionNote());
  }

  /** A weekly schedule as {@link io.lanekeeper.matcher.WeeklySchedule} reads it, checked here so a bad one is a 400. */
  private static JsonObject schedule(JsonObject j) {
    Object v = j.getValue("schedule");
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      throw ApiError.invalid("schedule", "must be an object {\"windows\": [{\"days\", \"from\", \"to\"}]}");
    }
    if (o.encode().length() > 4096) {
      throw ApiError.invalid("schedule", "is too long");
    }
    try {
      io.lanekeeper.matcher.WeeklySchedule.parse(o, java.time.ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid("schedule", e.getMessage());
    }
    return o;
  }

  private static String text(JsonObject j, String field, int max) {
    Object v = j.getValue(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw ApiError.invalid(field, "must be a string");
    }
    if (s.length() > max) {
      throw ApiError.invalid(field, "is longer than " + max + " characters");
    }
    if (s.indexOf('\u0000') >= 0) {
      // a CSV row comes here without passing the JSON body's check
      throw ApiError.invalid(field, "must not contain the NUL character (U+0000)");
    }
    return s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** An optional ISO-8601 time with an offset; null when absent or blank. */
  static OffsetDateTime time(JsonObject j, String field) {
    String s = blankToNull(text(j, field, 64));
    if (s == null) {
      return null;
    }
    return Times.parse(field, s);
  }

  private static List<String> lanes(JsonObject j) {
    Object v = j.getValue("lanes");
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray arr)) {
      throw ApiError.invalid("lanes", "must be a list of lane ids, or null for every lane");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i++) {
      if (!(arr.getValue(i) instanceof String id) || !id.matches(LaneConfig.ID_PATTERN)) {
        throw ApiError.invalid("lanes[" + i + "]", "must be a lane id (lower-case letters, digits and dashes)");
      }
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    return List.copyOf(out);
  }
}
