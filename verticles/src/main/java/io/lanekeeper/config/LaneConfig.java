package io.lanekeeper.config;

import io.lanekeeper.plates.PlateProfiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One lane: a camera, a barrier and its rules.
 *
 * @param maxDistance the largest weighted edit distance (0 to 2; a look-alike substitution such as O read as 0
 *     costs 0.5, every other edit 1) at which a read still matches a registered plate
 * @param formats plate format ids or country codes accepted on this lane; empty means any known format
 * @param gatePin the BCM / gpiod line number of the barrier relay
 * @param lot the car park this lane leads into (entry) or out of (exit), or null: no capacity, no presence
 * @param antiPassback refuse entry to a vehicle that is already inside the lot
 * @param exitRule on exit lanes: {@code all} opens for every vehicle, {@code entered} only for vehicles inside
 */
public record LaneConfig(String id, String name, String direction, double maxDistance, List<String> formats,
                         CameraConfig camera, int gatePin, long pulseMs, boolean enabled, String lot,
                         boolean antiPassback, String exitRule) {

  public boolean entry() {
    return "entry".equals(direction);
  }

  public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,39}";

  public static LaneConfig from(JsonObject j, String path) {
    String id = Json.requireString(j, path, "id");
    if (!id.matches(ID_PATTERN)) {
      throw new ConfigException(path + "id", "must be lower-case letters, digits and dashes (at most 40), got '" + id + "'");
    }
    String direction = Json.string(j, path, "direction", "entry");
    Json.oneOf(path, "direction", direction, List.of("entry", "exit"), d -> d);
    List<String> formats = Json.strings(j, path, "formats");
    try {
      PlateProfiles.builtIn().select(formats);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path + "formats", e.getMessage());
    }
    JsonObject gate = Json.object(j, path, "gate");
    double maxDistance = Json.decimal(j, path, "maxDistance", 1, 0, 2);
    if (maxDistance * 2 != Math.rint(maxDistance * 2)) {
      throw new ConfigException(path + "maxDistance", "must be a multiple of 0.5 (the cost of a look-alike), got "
          + maxDistance);
    }
    String lot = Json.string(j, path, "lot", null);
    if (lot != null && !lot.matches(ID_PATTERN)) {
      throw new ConfigException(path + "lot", "must be a lot id (lower-case letters, digits and dashes), got '"
          + lot + "'");
    }
    String exitRule = Json.string(j, path, "exitRule", "all");
    Json.oneOf(path, "exitRule", exitRule, List.of("all", "entered"), r -> r);
    if ("entered".equals(exitRule) && lot == null) {
      throw new ConfigException(path + "exitRule", "'entered' needs the lane's lot");
    }
    return new LaneConfig(id, Json.string(j, path, "name", id), direction, maxDistance, formats,
        CameraConfig.from(Json.object(j, path, "camera"), path + "camera."),
        Json.integer(gate, path + "gate.", "pin", 17, 0, 1023),
        Json.number(gate, path + "gate.", "pulseMs", 700, 50, 60_000),
        Json.bool(j, path, "enabled", true), lot, Json.bool(j, path, "antiPassback", false), exitRule);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("direction", direction)
        .put("maxDistance", maxDistance).put("formats", new JsonArray(formats)).put("camera", camera.toJson())
        .put("gate", new JsonObject().put("pin", gatePin).put("pulseMs", pulseMs)).put("enabled", enabled)
        .put("lot", lot).put("antiPassback", antiPassback).put("exitRule", exitRule);
  }
}
