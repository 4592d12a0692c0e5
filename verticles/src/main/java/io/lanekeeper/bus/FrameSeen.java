package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;

/**
 * A frame the engine read, on {@link Addresses#ANPR_FRAME} after its plates' reads: the tracker learns from it that
 * a vehicle it no longer sees has left.
 */
public record FrameSeen(String lane, String frameId, int plates) {

  public JsonObject toJson() {
    return new JsonObject().put("lane", lane).put("frameId", frameId).put("plates", plates);
  }

  public static FrameSeen fromJson(JsonObject j) {
    return new FrameSeen(j.getString("lane"), j.getString("frameId"), j.getInteger("plates", 0));
  }
}
