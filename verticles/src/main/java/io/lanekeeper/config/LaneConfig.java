package io.lanekeeper.config;

import io.lanekeeper.plates.PlateProfiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One lane: a camera, a barrier and its rules.
 *
 * @param maxDistance the largest edit distance at which a read still matches a registered plate
 * @param formats plate format ids or country codes accepted on this lane; empty means any known format
 * @param gatePin the BCM / gpiod line number of the barrier relay
 */
public record LaneConfig(String id, String name, String direction, int maxDistance, List<String> formats,
                         CameraConfig camera, int gatePin, long pulseMs, boolean enabled) {

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
    return new LaneConfig(id, Json.string(j, path, "name", id), direction,
        Json.integer(j, path, "maxDistance", 1, 0, 3), formats,
        CameraConfig.from(Json.object(j, path, "camera"), path + "camera."),
        Json.integer(gate, path + "gate.", "pin", 17, 0, 1023),
        Json.number(gate, path + "gate.", "pulseMs", 700, 50, 60_000),
        Json.bool(j, path, "enabled", true));
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("direction", direction)
        .put("maxDistance", maxDistance).put("formats", new JsonArray(formats)).put("camera", camera.toJson())
        .put("gate", new JsonObject().put("pin", gatePin).put("pulseMs", pulseMs)).put("enabled", enabled);
  }
}
