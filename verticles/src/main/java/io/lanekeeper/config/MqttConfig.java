package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;

/**
 * The MQTT link to relays, building systems and Home Assistant.
 *
 * @param enabled whether to connect at all
 * @param deviceId this device's name on the broker (availability topic, Home Assistant device); letters, digits,
 *     dashes and underscores
 * @param prefix the root of every topic this device publishes or hears ({@code lanekeeper})
 * @param discoveryPrefix Home Assistant's discovery prefix ({@code homeassistant}), or null for no discovery
 * @param commands whether gate commands are taken from {@code <prefix>/<lane>/gate/set}; the broker authenticates
 *     who may publish there (docs/mqtt.md)
 * @param maxQueue how many QoS 1 messages wait for the broker while it is away (the oldest go first)
 */
public record MqttConfig(boolean enabled, String host, int port, boolean ssl, String username, String password,
                         String deviceId, String prefix, String discoveryPrefix, boolean commands,
                         long reconnectMinMs, long reconnectMaxMs, int keepAliveSeconds, int maxQueue) {

  private static final String NAME = "[A-Za-z0-9_-]{1,64}";

  public static MqttConfig from(JsonObject j) {
    String p = "mqtt.";
    String device = Json.string(j, p, "deviceId", defaultDeviceId());
    if (!device.matches(NAME)) {
      throw new ConfigException(p + "deviceId",
          "must be letters, digits, dashes and underscores, got '" + device + "'");
    }
    String prefix = Json.string(j, p, "prefix", "lanekeeper");
    if (prefix.isBlank() || prefix.contains("+") || prefix.contains("#") || prefix.startsWith("/")
        || prefix.endsWith("/")) {
      throw new ConfigException(p + "prefix",
          "must be a topic without wildcards or outer slashes, got '" + prefix + "'");
    }
    String discovery = Json.string(j, p, "discoveryPrefix", "homeassistant");
    long min = Json.number(j, p, "reconnectMinMs", 1000, 50, 60_000);
    return new MqttConfig(Json.bool(j, p, "enabled", false), Json.string(j, p, "host", "127.0.0.1"),
        Json.integer(j, p, "port", 1883, 1, 65535), Json.bool(j, p, "ssl", false), Json.string(j, p, "username", null),
        Json.string(j, p, "password", null), device, prefix,
        discovery == null || discovery.isBlank() ? null : discovery,
        Json.bool(j, p, "commands", true), min, Json.number(j, p, "reconnectMaxMs", 30_000, min, 600_000),
        Json.integer(j, p, "keepAliveSeconds", 30, 5, 3600), Json.integer(j, p, "maxQueue", 10_000, 10, 1_000_000));
  }

  private static String defaultDeviceId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = "gate";
      }
    }
    String id = host.replaceAll("[^A-Za-z0-9_-]", "-");
    return id.length() > 64 ? id.substring(0, 64) : id;
  }
}
