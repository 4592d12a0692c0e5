package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A command to the gate of one lane.
 *
 * @param action {@code open} or {@code close}
 * @param decisionId the decision that asks for it (automatic), or null for a manual command
 * @param issuedAt when the decision was taken; the gate refuses stale commands
 * @param by who asked: {@code auto} or a user name
 */
public record GateCommand(String lane, String action, String decisionId, Instant issuedAt, String by, String why) {

  public JsonObject toJson() {
    return new JsonObject().put("lane", lane).put("action", action).put("decisionId", decisionId)
        .put("issuedAt", issuedAt.toString()).put("by", by).put("why", why);
  }

  public static GateCommand fromJson(JsonObject j) {
    return new GateCommand(j.getString("lane"), j.getString("action"), j.getString("decisionId"),
        Instant.parse(j.getString("issuedAt")), j.getString("by"), j.getString("why"));
  }
}
