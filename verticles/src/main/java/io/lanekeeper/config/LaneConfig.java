package io.lanekeeper.config;

import io.lanekeeper.plates.PlateProfiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One lane: a camera, a barrier and its rules.
 *
 * @param maxDistance the largest weighted edit distance (0 to 2; a look-alike substitution such as O read as 0
 *     costs 0.5, every other edit 1) at which a read still matches a registered plate
 * @param formats the plate formats this lane expects: profile ids, country codes or regions ({@code EU}); a prior
 *     for the format rules, not a filter: a plate that fits none is still read. Empty means any known format
 * @param strictFormats refuse reads that fit none of {@code formats}
 * @param gate how the barrier is wired and driven
 * @param lot the car park this lane leads into (entry) or out of (exit), or null: no capacity, no presence
 * @param antiPassback refuse entry to a vehicle that is already inside the lot
 * @param exitRule on exit lanes: {@code all} opens for every vehicle, {@code entered} only for vehicles inside
 * @param read how sure the engine must be of a plate before the lane decides on it
 */
public record LaneConfig(String id, String name, String direction, double maxDistance, List<String> formats,
                         boolean strictFormats, CameraConfig camera, LaneGate gate, boolean enabled, String lot,
                         boolean antiPassback, String exitRule, ReadFloor read) {

  public boolean entry() {
    return "entry".equals(direction);
  }

  public static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,39}";

  /**
   * A configuration's {@code lanes} value (null: none): a list of lane objects with unique ids; gate timings a lane
   * leaves out come from {@code site}.
   */
  public static List<LaneConfig> listFrom(Object lanes, GateConfig site) {
    if (lanes == null) {
      return List.of();
    }
    if (!(lanes instanceof JsonArray arr)) {
      throw new ConfigException("lanes", "must be a list of lanes");
    }
    List<LaneConfig> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      if (!(arr.getValue(i) instanceof JsonObject lj)) {
        throw new ConfigException("lanes[" + i + "]", "must be an object");
      }
      LaneConfig lane = from(lj, "lanes[" + i + "].", site);
      if (!ids.add(lane.id())) {
        throw new ConfigException("lanes[" + i + "].id", "duplicate lane id '" + lane.id() + "'");
      }
      out.add(lane);
    }
    return List.copyOf(out);
  }

  /** {@link #listFrom(Object, GateConfig)} for lanes written by {@link #toJson()} (every timing given). */
  public static List<LaneConfig> listFrom(Object lanes) {
    return listFrom(lanes, GateConfig.from(new JsonObject()));
  }

  /** Reads a lane whose gate timings are all given, or default to the built-in site defaults. */
  public static LaneConfig from(JsonObject j, String path) {
    return from(j, path, GateConfig.from(new JsonObject()));
  }

  public static LaneConfig from(JsonObject j, String path, GateConfig site) {
    String id = Json.requireString(j, path, "id");
    if (!id.matches(ID_PATTERN)) {
      throw new ConfigException(path + "id",
          "must be lower-case letters, digits and dashes (at most 40), got '" + id + "'");
    }
    String direction = Json.string(j, path, "direction", "entry");
    Json.oneOf(path, "direction", direction, List.of("entry", "exit"), d -> d);
    List<String> formats = Json.strings(j, path, "formats");
    try {
      PlateProfiles.builtIn().select(formats);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(path + "formats", e.getMessage());
    }
    LaneGate gate = LaneGate.from(Json.object(j, path, "gate"), path, site);
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
    boolean strict = Json.bool(j, path, "strictFormats", false);
    if (strict && formats.isEmpty()) {
      throw new ConfigException(path + "strictFormats", "needs the lane's formats: with none, every read fits");
    }
    return new LaneConfig(id, Json.string(j, path, "name", id), direction, maxDistance, formats, strict,
        CameraConfig.from(Json.object(j, path, "camera"), path + "camera."),
        gate,
        Json.bool(j, path, "enabled", true), lot, Json.bool(j, path, "antiPassback", false), exitRule,
        ReadFloor.from(Json.object(j, path, "read"), path + "read."));
  }

  /**
   * What anyone who may see the lane may know of it (the lanes list, dashboards): never the camera or the wiring,
   * which may hold a password.
   */
  public JsonObject summaryJson() {
    return new JsonObject().put("id", id).put("name", name).put("direction", direction)
        .put("maxDistance", maxDistance).put("formats", new JsonArray(formats)).put("strictFormats", strictFormats)
        .put("lot", lot).put("enabled", enabled).put("read", read.toJson());
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("direction", direction)
        .put("maxDistance", maxDistance).put("formats", new JsonArray(formats)).put("strictFormats", strictFormats)
        .put("camera", camera.toJson())
        .put("gate", gate.toJson()).put("enabled", enabled)
        .put("lot", lot).put("antiPassback", antiPassback).put("exitRule", exitRule).put("read", read.toJson());
  }
}
