package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;

/**
 * One frame of a lane's camera, by id: asked for on {@link Addresses#cameraFrame} ({@link #LATEST} for the newest),
 * or to be kept on {@link Addresses#cameraKeep}.
 */
public record FrameRef(String frameId) {

  /** The newest frame the camera received, read or not. */
  public static final String LATEST = "latest";

  public JsonObject toJson() {
    return new JsonObject().put("frameId", frameId);
  }

  public static FrameRef fromJson(JsonObject j) {
    return new FrameRef(j.getString("frameId", ""));
  }
}
