package io.lanekeeper.mqtt;

import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.MqttConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Home Assistant MQTT discovery for one lane: the barrier as a cover (open, close, its state), an "open" button, the
 * last plate as a sensor (decision, reason and time as attributes) and, for lanes into a lot, its occupancy. All
 * belong to one Home Assistant device per gate device and follow its availability topic.
 */
final class Discovery {

  private Discovery() {
  }

  /** Discovery topic to its (retained) configuration. */
  static Map<String, JsonObject> configs(MqttConfig cfg, LaneConfig lane) {
    String node = cfg.deviceId();
    String object = lane.id().replace('-', '_');
    String base = cfg.prefix() + "/" + lane.id();
    JsonObject device = new JsonObject()
        .put("identifiers", new JsonArray().add("lanekeeper_" + node))
        .put("name", "Lanekeeper " + node)
        .put("manufacturer", "Lanekeeper")
        .put("model", "ANPR gate controller");
    String availability = cfg.prefix() + "/device/" + node + "/availability";
    Map<String, JsonObject> out = new LinkedHashMap<>();
    if (!lane.gate().driver().equals("none")) {
      out.put(cfg.discoveryPrefix() + "/cover/" + node + "/" + object + "_gate/config", common(device, availability,
          node, object + "_gate", lane.name() + " barrier")
          .put("device_class", "gate")
          .put("command_topic", base + "/gate/set")
          .put("payload_open", "OPEN").put("payload_close", "CLOSE").putNull("payload_stop")
          .put("state_topic", base + "/gate/state")
          .put("value_template", "{{ 'stopped' if value_json.state == 'fault' else value_json.state }}")
          .put("json_attributes_topic", base + "/gate/state")
          .put("qos", 1));
      out.put(cfg.discoveryPrefix() + "/button/" + node + "/" + object + "_open/config", common(device, availability,
          node, object + "_open", "Open " + lane.name())
          .put("command_topic", base + "/gate/set").put("payload_press", "OPEN").put("qos", 1)
          .put("icon", "mdi:boom-gate-up"));
    }
    out.put(cfg.discoveryPrefix() + "/sensor/" + node + "/" + object + "_last_plate/config", common(device,
        availability, node, object + "_last_plate", lane.name() + " last plate")
        .put("state_topic", base + "/last_plate")
        .put("value_template", "{{ value_json.plate }}")
        .put("json_attributes_topic", base + "/last_plate")
        .put("icon", "mdi:card-text"));
    if (lane.lot() != null) {
      String lot = lane.lot().replace('-', '_');
      out.put(cfg.discoveryPrefix() + "/sensor/" + node + "/" + lot + "_occupancy/config", common(device,
          availability, node, lot + "_occupancy", "Lot " + lane.lot() + " occupancy")
          .put("state_topic", cfg.prefix() + "/lot/" + lane.lot() + "/occupancy")
          .put("value_template", "{{ value_json.occupancy }}")
          .put("json_attributes_topic", cfg.prefix() + "/lot/" + lane.lot() + "/occupancy")
          .put("unit_of_measurement", "vehicles").put("state_class", "measurement")
          .put("icon", "mdi:car-multiple"));
    }
    return out;
  }

  private static JsonObject common(JsonObject device, String availability, String node, String object, String name) {
    return new JsonObject()
        .put("name", name)
        .put("unique_id", "lanekeeper_" + node + "_" + object)
        .put("object_id", "lanekeeper_" + object)
        .put("device", device)
        .put("availability_topic", availability)
        .put("payload_available", "online").put("payload_not_available", "offline");
  }
}
