package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;

/**
 * A gate on the {@code mqtt} driver switching its relay, on {@link Addresses#MQTT_RELAY}: the MQTT verticle publishes
 * {@code payload} on {@code topic} and answers once the broker has it.
 */
public record RelaySwitch(String topic, String payload) {

  public JsonObject toJson() {
    return new JsonObject().put("topic", topic).put("payload", payload);
  }

  public static RelaySwitch fromJson(JsonObject j) {
    return new RelaySwitch(j.getString("topic"), j.getString("payload"));
  }
}
