package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The health of the camera of one lane.
 *
 * @param fps frames handed to recognition per second, over the last few seconds
 * @param skippedNoMotion frames skipped because nothing moved in the region of interest
 * @param dropped frames dropped because recognition was busy (latest frame wins)
 * @param stale frames dropped as the held-back leftovers of a stream that stalled
 * @param lastError why the camera is down, or null while it is up
 */
public record CameraStatus(String lane, String source, boolean up, double fps, Instant lastFrameAt,
                           long frames, long skippedNoMotion, long dropped, long stale, long errors,
                           String lastError) {

  public JsonObject toJson() {
    return new JsonObject().put("lane", lane).put("source", source).put("up", up).put("fps", fps)
        .put("lastFrameAt", lastFrameAt == null ? null : lastFrameAt.toString())
        .put("frames", frames).put("skippedNoMotion", skippedNoMotion).put("dropped", dropped).put("stale", stale)
        .put("errors", errors).put("lastError", lastError);
  }
}
