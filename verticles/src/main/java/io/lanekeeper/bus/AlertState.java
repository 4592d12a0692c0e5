package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * An alert raised or cleared, on {@link Addresses#ALERT_STATE}: published once when it is raised and once when it
 * clears, never again in between (a worse level or a new message while raised is published as a raise again).
 *
 * @param id {@code source:key}, the same for its raise and its clear
 * @param lane the lane it concerns, or null (database, disk, a lot)
 * @param level {@code critical} or {@code warning}
 * @param since when the condition began
 * @param at when this change was published (the clear's time for a clear)
 * @param active true for a raise, false for a clear
 */
public record AlertState(String id, String source, String key, String lane, String level, String message,
                         Instant since, Instant at, boolean active) {

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("source", source).put("key", key).put("lane", lane).put("level", level)
        .put("message", message).put("since", since.toString()).put("at", at.toString()).put("active", active)
        .put("state", active ? "raised" : "cleared");
  }

  public static AlertState fromJson(JsonObject j) {
    return new AlertState(j.getString("id"), j.getString("source"), j.getString("key"), j.getString("lane"),
        j.getString("level"), j.getString("message"), Instant.parse(j.getString("since")),
        Instant.parse(j.getString("at")), j.getBoolean("active", false));
  }
}
