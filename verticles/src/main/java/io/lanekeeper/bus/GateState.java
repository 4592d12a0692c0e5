package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The state of the barrier of one lane.
 *
 * @param state {@code closed}, {@code opening}, {@code open}, {@code closing} or {@code fault}
 * @param relay whether the open relay is energised now
 * @param pulses how many times the open relay has been energised since start
 * @param loop vehicle on the loop detector now, or null when none is wired
 * @param position barrier at its open limit, or null when no position input is wired
 * @param fault why the gate is in fault (null unless it is)
 */
public record GateState(String lane, String state, boolean relay, long pulses, Instant since, String lastDecisionId,
                        Boolean loop, Boolean position, String fault) {

  public GateState(String lane, String state, boolean relay, long pulses, Instant since, String lastDecisionId) {
    this(lane, state, relay, pulses, since, lastDecisionId, null, null, null);
  }

  public JsonObject toJson() {
    return new JsonObject().put("lane", lane).put("state", state).put("relay", relay).put("pulses", pulses)
        .put("since", since.toString()).put("lastDecisionId", lastDecisionId).put("loop", loop)
        .put("position", position).put("fault", fault);
  }

  public static GateState fromJson(JsonObject j) {
    return new GateState(j.getString("lane"), j.getString("state"), j.getBoolean("relay"), j.getLong("pulses"),
        Instant.parse(j.getString("since")), j.getString("lastDecisionId"), j.getBoolean("loop"),
        j.getBoolean("position"), j.getString("fault"));
  }
}
