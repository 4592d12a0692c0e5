package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One barrier action for the audit.
 *
 * @param result {@code done}, or why it was refused ({@code stale}, {@code duplicate}, {@code fault})
 */
public record GateAction(String lane, Instant at, String action, String result, String decisionId, String by,
                         String why) {

  public JsonObject toJson() {
    return new JsonObject().put("lane", lane).put("at", at.toString()).put("action", action).put("result", result)
        .put("decisionId", decisionId).put("by", by).put("why", why);
  }

  public static GateAction fromJson(JsonObject j) {
    return new GateAction(j.getString("lane"), Instant.parse(j.getString("at")), j.getString("action"),
        j.getString("result"), j.getString("decisionId"), j.getString("by"), j.getString("why"));
  }
}
