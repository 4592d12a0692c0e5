package io.lanekeeper.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole configuration, validated. Each verticle receives its own part as JSON and builds its
 * typed record from it; this record validates everything at start so a bad key fails before any
 * verticle is deployed.
 */
public record AppConfig(Path dataDir, HttpConfig http, DbConfig db, GateConfig gate, TrackerConfig tracker,
                        List<LaneConfig> lanes, JsonObject anpr, JsonObject raw) {

  public static AppConfig from(JsonObject j) {
    String data = Json.string(j, "", "dataDir", "data");
    String tz = Json.string(j, "", "timezone", null);
    if (tz != null) {
      try {
        java.time.ZoneId.of(tz);
      } catch (java.time.DateTimeException e) {
        throw new ConfigException("timezone", "must be a time zone such as Europe/Zagreb, got '" + tz + "'");
      }
    }
    JsonArray lanesJson = j.getJsonArray("lanes", new JsonArray());
    List<LaneConfig> lanes = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < lanesJson.size(); i++) {
      if (!(lanesJson.getValue(i) instanceof JsonObject lj)) {
        throw new ConfigException("lanes[" + i + "]", "must be an object");
      }
      LaneConfig lane = LaneConfig.from(lj, "lanes[" + i + "].");
      if (!ids.add(lane.id())) {
        throw new ConfigException("lanes[" + i + "].id", "duplicate lane id '" + lane.id() + "'");
      }
      lanes.add(lane);
    }
    return new AppConfig(Path.of(data), HttpConfig.from(Json.object(j, "", "http")),
        DbConfig.from(Json.object(j, "", "db")), GateConfig.from(Json.object(j, "", "gate")),
        TrackerConfig.from(Json.object(j, "", "tracker")), List.copyOf(lanes), Json.object(j, "", "anpr"), j);
  }

  public LaneConfig lane(String id) {
    return lanes.stream().filter(l -> l.id().equals(id)).findFirst().orElse(null);
  }
}
