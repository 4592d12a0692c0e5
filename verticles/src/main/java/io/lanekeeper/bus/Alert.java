package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * Something that needs a person's attention, on {@link Addresses#ALERT}: the dashboards show it and MQTT publishes it
 * on {@code <prefix>/alert}.
 *
 * @param source the part that raised it ({@code camera}, {@code matcher}, {@code database})
 * @param key what it is about within the source (a lane, a registry row), so that a later alert can be told apart
 * @param level {@code warning} or {@code critical} to raise, {@code ok} when the condition is over (it clears)
 */
public record Alert(String source, String key, String level, String message, Instant at) {

  public static Alert critical(String source, String key, String message) {
    return new Alert(source, key, "critical", message, Instant.now());
  }

  public static Alert warning(String source, String key, String message) {
    return new Alert(source, key, "warning", message, Instant.now());
  }

  /** The condition is over: the alert of this source and key clears. */
  public static Alert ok(String source, String key, String message) {
    return new Alert(source, key, "ok", message, Instant.now());
  }

  public JsonObject toJson() {
    return new JsonObject().put("source", source).put("key", key).put("level", level).put("message", message)
        .put("at", at.toString());
  }

  public static Alert fromJson(JsonObject j) {
    return new Alert(j.getString("source"), j.getString("key"), j.getString("level"), j.getString("message"),
        Instant.parse(j.getString("at")));
  }
}
