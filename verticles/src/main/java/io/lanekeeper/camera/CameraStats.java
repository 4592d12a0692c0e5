package io.lanekeeper.camera;

import io.lanekeeper.bus.CameraStatus;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * The counters behind {@link CameraStatus}. {@code frames} counts every frame the source gave;
 * fps counts only those handed to recognition, over the last {@link #FPS_WINDOW_SAMPLES} status
 * ticks, so a quiet lane with motion gating shows a live camera at 0 fps.
 *
 * <p>Event-loop confined, like the verticle that owns it.
 */
final class CameraStats {

  private static final int FPS_WINDOW_SAMPLES = 5;

  long frames;
  long handed;
  long skippedNoMotion;
  long dropped;
  long errors;
  long stale;
  Instant lastFrameAt;
  String lastError;
  boolean up;
  private final ArrayDeque<long[]> samples = new ArrayDeque<>();

  void frameArrived(Instant at) {
    frames++;
    lastFrameAt = at;
    if (!up) {
      // the error that took it down is over: what is shown is the camera as it is now (errors still counts it)
      lastError = null;
    }
    up = true;
  }

  void error(String why) {
    errors++;
    lastError = why;
  }

  /** The status now; also takes the sample the fps is computed from, so call it once per tick. */
  CameraStatus status(String lane, String source, long nowMs) {
    samples.addLast(new long[] {nowMs, handed});
    while (samples.size() > FPS_WINDOW_SAMPLES + 1) {
      samples.removeFirst();
    }
    long[] oldest = samples.getFirst();
    double fps = nowMs > oldest[0] ? (handed - oldest[1]) * 1000.0 / (nowMs - oldest[0]) : 0;
    return new CameraStatus(lane, source, up, Math.round(fps * 100) / 100.0, lastFrameAt, frames, skippedNoMotion,
        dropped, stale, errors, lastError);
  }
}
