package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, validated. Each verticle receives its own part as JSON and builds its
 * typed record from it; this record validates everything at start so a bad key fails before any
 * verticle is deployed.
 */
public record AppConfig(Path dataDir, HttpConfig http, DbConfig db, GateConfig gate, TrackerConfig tracker,
                        List<LaneConfig> lanes, CameraCommands cameraCommands, JsonObject anpr, JsonObject raw) {

  public static AppConfig from(JsonObject file) {
    JsonObject j = CameraCommands.adoptInline(file);
    String data = Json.string(j, "", "dataDir", "data");
    String tz = Json.string(j, "", "timezone", null);
    if (tz != null) {
      try {
        java.time.ZoneId.of(tz);
      } catch (java.time.DateTimeException e) {
        throw new ConfigException("timezone", "must be a time zone such as Europe/Zagreb, got '" + tz + "'");
      }
    }
    Json.integer(Json.object(j, "", "history"), "history.", "frameMbPerLane", 256, 0, 1_000_000);
    GateConfig gate = GateConfig.from(Json.object(j, "", "gate"));
    List<LaneConfig> lanes = LaneConfig.listFrom(j.getValue("lanes"), gate);
    CameraCommands commands = CameraCommands.from(j);
    checkLanes(lanes, j, commands);
    return new AppConfig(Path.of(data), HttpConfig.from(Json.object(j, "", "http")),
        DbConfig.from(Json.object(j, "", "db")), gate,
        TrackerConfig.from(Json.object(j, "", "tracker")), lanes, commands, Json.object(j, "", "anpr"), j);
  }

  /**
   * What no single lane can check: two lanes on one GPIO line, a lane switching its relay over MQTT while MQTT is
   * off, an exec camera naming a program the file does not list. Run on the file's lanes at start and on every
   * lane an admin changes, with the others as they run.
   *
   * @param raw the whole configuration (its {@code mqtt} section)
   * @param commands the programs the file lists
   */
  public static void checkLanes(List<LaneConfig> lanes, JsonObject raw, CameraCommands commands) {
    MqttConfig mqtt = MqttConfig.from(Json.object(raw, "", "mqtt")); // checked here, read by the MQTT verticle
    Map<String, String> lines = new HashMap<>();
    for (int i = 0; i < lanes.size(); i++) {
      LaneGate g = lanes.get(i).gate();
      if (!g.driver().equals("gpio")) {
        continue;
      }
      for (int line : new int[] {g.relayLine(), g.closeLine(), g.loopLine(), g.positionLine()}) {
        String other = line < 0 ? null : lines.putIfAbsent(g.chip() + "/" + line, lanes.get(i).id());
        if (other != null) {
          throw new ConfigException("lanes[" + i + "].gate", "line " + line + " of " + g.chip()
              + " is already used by lane " + other);
        }
      }
    }
    if (lanes.stream().anyMatch(l -> l.gate().driver().equals("mqtt"))
        && !mqtt.enabled()) {
      throw new ConfigException("mqtt.enabled", "a lane's gate uses the mqtt driver: MQTT must be enabled");
    }
    for (int i = 0; i < lanes.size(); i++) {
      CameraConfig c = lanes.get(i).camera();
      if (c.type().equals("exec") && commands.argv(c.command()) == null) {
        throw new ConfigException("lanes[" + i + "].camera.command", "no program named '" + c.command()
            + "' under cameraCommands in the configuration file" + (commands.names().isEmpty() ? " (it lists none)"
            : "; it lists " + String.join(", ", commands.names())));
      }
    }
  }

}
