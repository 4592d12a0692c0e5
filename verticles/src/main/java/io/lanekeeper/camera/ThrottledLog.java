package io.lanekeeper.camera;

import java.util.Arrays;
import org.slf4j.Logger;

/**
 * A warning at most once per interval, with the count of those held back: a camera that is down
 * for a night must not write one line per frame.
 */
final class ThrottledLog {

  private final Logger log;
  private final long intervalMs;
  private long lastAt = Long.MIN_VALUE / 2;
  private long suppressed;

  ThrottledLog(Logger log, long intervalMs) {
    this.log = log;
    this.intervalMs = intervalMs;
  }

  void warn(String format, Object... args) {
    long now = System.currentTimeMillis();
    if (now - lastAt < intervalMs) {
      suppressed++;
      return;
    }
    lastAt = now;
    if (suppressed > 0) {
      Object[] withCount = Arrays.copyOf(args, args.length + 1);
      withCount[args.length] = suppressed;
      suppressed = 0;
      log.warn(format + " ({} similar warnings held back)", withCount);
    } else {
      log.warn(format, args);
    }
  }
}
