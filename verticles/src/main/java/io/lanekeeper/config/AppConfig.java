package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole configuration, validated at start so that a bad key fails before any verticle is deployed. Each
 * section's defaults live in its record; the controller deploys each verticle with the records it needs.
 *
 * @param timezone the site's time zone, for schedules ({@code timezone}; the system's when absent)
 * @param frameMbPerLane the most the frames of one lane's decisions may take on disk ({@code history.frameMbPerLane})
 * @param anprWorkers recognition threads, each reading whole frames ({@code anpr.workers})
 * @param anpr the engine's section, read by {@code AnprConfig} where the engine is made
 * @param alerts what raises alerts and where they go ({@code alerts})
 * @param retention how long reads, events, crops, frames and unregistered plates are kept ({@code retention})
 * @param cluster the site cluster this device belongs to, or {@link ClusterConfig#OFF} ({@code cluster})
 */
public record AppConfig(Path dataDir, HttpConfig http, DbConfig db, GateConfig gate, TrackerConfig tracker,
                        MqttConfig mqtt, ZoneId timezone, int frameMbPerLane, int anprWorkers,
                        List<LaneConfig> lanes, CameraCommands cameraCommands, JsonObject anpr, AlertsConfig alerts,
                        RetentionConfig retention, ClusterConfig cluster) {

  public static AppConfig from(JsonObject file) {
    JsonObject j = CameraCommands.adoptInline(file);
    String data = Json.string(j, "", "dataDir", "data");
    String tz = Json.string(j, "", "timezone", null);
    ZoneId zone = ZoneId.systemDefault();
    if (tz != null) {
      try {
        zone = ZoneId.of(tz);
      } catch (java.time.DateTimeException e) {
        throw new ConfigException("timezone", "must be a time zone such as Europe/Zagreb, got '" + tz + "'");
      }
    }
    int frameMb = Json.integer(Json.object(j, "", "history"), "history.", "frameMbPerLane", 256, 0, 1_000_000);
    int workers = Json.integer(Json.object(j, "", "anpr"), "anpr.", "workers", 2, 1, 64);
    GateConfig gate = GateConfig.from(Json.object(j, "", "gate"));
    List<LaneConfig> lanes = LaneConfig.listFrom(j.getValue("lanes"), gate);
    CameraCommands commands = CameraCommands.from(j);
    MqttConfig mqtt = MqttConfig.from(Json.object(j, "", "mqtt"));
    checkLanes(lanes, mqtt, commands);
    return new AppConfig(Path.of(data), HttpConfig.from(Json.object(j, "", "http")),
        DbConfig.from(Json.object(j, "", "db")), gate, TrackerConfig.from(Json.object(j, "", "tracker")),
        mqtt, zone, frameMb, workers, lanes, commands, Json.object(j, "", "anpr"),
        AlertsConfig.from(Json.object(j, "", "alerts")), RetentionConfig.from(Json.object(j, "", "retention")),
        ClusterConfig.from(Json.object(j, "", "cluster"), mqtt.deviceId()));
  }

  /**
   * What no single lane can check: two lanes on one GPIO line, a lane switching its relay over MQTT while MQTT is
   * off, an exec camera naming a program the file does not list. Run on the file's lanes at start and on every
   * lane an admin changes, with the others as they run.
   *
   * @param mqtt the MQTT section (a lane whose relay is switched over MQTT needs it enabled)
   * @param commands the programs the file lists
   */
  public static void checkLanes(List<LaneConfig> lanes, MqttConfig mqtt, CameraCommands commands) {
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
