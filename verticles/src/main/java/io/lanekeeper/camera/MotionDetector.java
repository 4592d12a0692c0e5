package io.lanekeeper.camera;

import io.lanekeeper.bus.PlateArea;
import java.util.List;

/**
 * Tells whether enough of the region of interest changed since the previous frame to be worth a
 * plate search: the fraction of region pixels whose grey level moved by more than
 * {@link #PIXEL_DELTA}. Frame differencing is crude, but it costs a fraction of a millisecond on a
 * 160-pixel-wide frame, while recognition costs tens of milliseconds on a small CPU.
 *
 * <p>Not thread-safe: it remembers the previous frame, so one caller at a time.
 */
public final class MotionDetector {

  /** Grey-level change below which a pixel counts as noise (sensor noise, JPEG artefacts). */
  public static final int PIXEL_DELTA = 25;
  /** Frames are compared about this wide. */
  public static final int WORK_WIDTH = 160;

  private final List<double[]> roi;
  private final double threshold;
  private GreyFrame previous;
  private boolean[] mask;
  private int maskPixels;

  /**
   * @param roi polygon in frame fractions; empty means the whole frame
   * @param threshold fraction of region pixels that must change; 0 lets every frame through
   */
  public MotionDetector(List<double[]> roi, double threshold) {
    this.roi = List.copyOf(roi);
    this.threshold = threshold;
  }

  public boolean enabled() {
    return threshold > 0;
  }

  /** Whether the frame differs enough from the previous one; it becomes the previous one either way. */
  public boolean hasMotion(GreyFrame frame) {
    return changedFraction(frame) >= threshold;
  }

  /**
   * The fraction of region pixels that changed since the previous frame; 1 for the first frame,
   * after a change of frame size, or when the region covers no pixel at this resolution.
   */
  public double changedFraction(GreyFrame frame) {
    GreyFrame prev = previous;
    previous = frame;
    if (prev == null || prev.width() != frame.width() || prev.height() != frame.height()) {
      buildMask(frame.width(), frame.height());
      return 1.0;
    }
    if (maskPixels == 0) {
      return 1.0;
    }
    int changed = 0;
    for (int i = 0; i < mask.length; i++) {
      if (mask[i] && Math.abs(frame.at(i) - prev.at(i)) > PIXEL_DELTA) {
        changed++;
      }
    }
    return (double) changed / maskPixels;
  }

  private void buildMask(int w, int h) {
    mask = new boolean[w * h];
    maskPixels = 0;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (roi.isEmpty() || PlateArea.inside(roi, (x + 0.5) / w, (y + 0.5) / h)) {
          mask[y * w + x] = true;
          maskPixels++;
        }
      }
    }
  }

}
