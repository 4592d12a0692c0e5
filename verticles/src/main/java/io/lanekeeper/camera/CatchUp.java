package io.lanekeeper.camera;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;

/**
 * Drops the stale frames a stream pours out after it stalled. A network or camera that froze for a few seconds,
 * shorter than the watchdog, then hands over everything it held back at once: hundreds of frames of a car long
 * gone. After a gap well beyond the stream's usual pace the first frame is held for half a usual interval; while
 * frames keep coming faster than that, each replaces the held one, and only the last of the burst, the one that
 * shows the lane as it is now, goes on. At the usual pace nothing is held and nothing is delayed.
 *
 * <p>Event-loop confined, like the camera verticle that owns it.
 */
final class CatchUp {

  /** A gap shorter than this is never a stall, whatever the pace (a snapshot camera asked once a second). */
  static final long MIN_GAP_MS = 1_000;
  /** A gap of this many usual intervals is a stall. */
  static final int GAP_INTERVALS = 4;
  /** A burst lasting longer than this is no stall's leftovers but a faster pace: frames go on again. */
  static final long MAX_HOLD_MS = 1_000;

  private final Vertx vertx;
  private final Handler<byte[]> out;
  private long lastArrivalMs = -1;
  private double usualMs = -1;
  private byte[] held;
  private long heldSinceMs;
  private long timer = -1;
  private long stale;

  CatchUp(Vertx vertx, Handler<byte[]> out) {
    this.vertx = vertx;
    this.out = out;
  }

  void offer(byte[] frame, long nowMs) {
    long gap = lastArrivalMs < 0 ? -1 : nowMs - lastArrivalMs;
    lastArrivalMs = nowMs;
    if (held != null && nowMs - heldSinceMs > MAX_HOLD_MS) {
      // the source simply goes faster now (a camera that varies its frame rate): learn the pace again
      vertx.cancelTimer(timer);
      timer = -1;
      held = null;
      usualMs = gap;
      out.handle(frame);
      return;
    }
    if (held != null) {
      // still inside the burst: the newer frame replaces the held one and the wait starts again
      held = frame;
      stale++;
      vertx.cancelTimer(timer);
      timer = vertx.setTimer(quietMs(), id -> release());
      return;
    }
    if (gap >= 0 && usualMs > 0 && gap > Math.max(MIN_GAP_MS, GAP_INTERVALS * usualMs)) {
      held = frame;
      heldSinceMs = nowMs;
      timer = vertx.setTimer(quietMs(), id -> release());
      return;
    }
    if (gap >= 0) {
      usualMs = usualMs < 0 ? gap : 0.9 * usualMs + 0.1 * gap;
    }
    out.handle(frame);
  }

  /** Frames dropped as stale so far. */
  long stale() {
    return stale;
  }

  /** Forgets the held frame, for a source that is being replaced, and the pace learned from it. */
  void reset() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    timer = -1;
    held = null;
    lastArrivalMs = -1;
  }

  private long quietMs() {
    return Math.max(20, Math.round(usualMs / 2));
  }

  private void release() {
    timer = -1;
    byte[] f = held;
    held = null;
    if (f != null) {
      out.handle(f);
    }
  }
}
