package io.lanekeeper.camera;

import io.vertx.core.Future;
import io.vertx.core.Handler;

/**
 * A continuous source of encoded frames (JPEG or PNG). Callbacks run on the event loop of the
 * verticle that started the source; a source never blocks it and never gives up: after an error it
 * retries on its own and reports the error through {@code onError}.
 */
interface FrameSource {

  void start(Handler<byte[]> onFrame, Handler<String> onError);

  /** Stops capturing and releases clients and timers; no callback follows. */
  Future<Void> stop();

  /**
   * A vehicle arrived (loop detector): capture now if the source captures on demand. Streams deliver frames
   * anyway; the camera lets the next ones past the motion gate.
   */
  default void burst(int frames) {
  }
}
