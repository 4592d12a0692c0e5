package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;

/**
 * A vehicle on the loop of a closed barrier, on {@link Addresses#cameraTrigger}: the lane's camera captures a burst
 * of {@code frames} (at most {@link #MAX_FRAMES}) that skip the motion gate.
 */
public record CameraTrigger(int frames) {

  public static final int MAX_FRAMES = 20;

  public CameraTrigger {
    frames = Math.max(0, Math.min(MAX_FRAMES, frames));
  }

  public JsonObject toJson() {
    return new JsonObject().put("frames", frames);
  }

  public static CameraTrigger fromJson(JsonObject j) {
    return new CameraTrigger(j.getInteger("frames", 3));
  }
}
