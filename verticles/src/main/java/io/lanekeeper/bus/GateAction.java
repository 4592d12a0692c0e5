package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * One barrier action for the audit.
 *
 * @param id unique per action, so that a write retried from the outbox lands once
 * @param action {@code open}, {@code close} or {@code reset}
 * @param result {@code done}, or why it was refused ({@code stale}, {@code duplicate}, {@code fault},
 *     {@code occupied}, {@code invalid}, {@code failed})
 * @param by {@code auto} for decisions, a user name, {@code loop} / {@code barrier} for the inputs' own actions,
 *     {@code mqtt} for broker commands
 * @param vehicle the vehicle (its refused decision's id) a person's action was for, or null
 */
public record GateAction(UUID id, String lane, Instant at, String action, String result, String decisionId, String by,
                         String why, String vehicle) {

  public GateAction(String lane, Instant at, String action, String result, String decisionId, String by, String why) {
    this(UUID.randomUUID(), lane, at, action, result, decisionId, by, why, null);
  }

  public GateAction(String lane, Instant at, String action, String result, String decisionId, String by, String why,
                    String vehicle) {
    this(UUID.randomUUID(), lane, at, action, result, decisionId, by, why, vehicle);
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("lane", lane).put("at", at.toString()).put("action", action)
        .put("result", result).put("decisionId", decisionId).put("by", by).put("why", why).put("vehicle", vehicle);
  }

  public static GateAction fromJson(JsonObject j) {
    String id = j.getString("id");
    return new GateAction(id == null ? UUID.randomUUID() : UUID.fromString(id), j.getString("lane"),
        Instant.parse(j.getString("at")), j.getString("action"), j.getString("result"), j.getString("decisionId"),
        j.getString("by"), j.getString("why"), j.getString("vehicle"));
  }
}
