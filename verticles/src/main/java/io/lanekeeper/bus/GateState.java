package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The state of the barrier of one lane.
 *
 * @param state {@code closed}, {@code opening}, {@code open}, {@code closing} or {@code fault}
 * @param relay whether the relay output is energised now
 * @param pulses how many pulses the relay has given since start
 */
public record GateState(String lane, String state, boolean relay, long pulses, Instant since, String lastDecisionId) {

  public JsonObject toJson() {
    return new JsonObject().put("lane", lane).put("state", state).put("relay", relay).put("pulses", pulses)
        .put("since", since.toString()).put("lastDecisionId", lastDecisionId);
  }

  public static GateState fromJson(JsonObject j) {
    return new GateState(j.getString("lane"), j.getString("state"), j.getBoolean("relay"), j.getLong("pulses"),
        Instant.parse(j.getString("since")), j.getString("lastDecisionId"));
  }
}
