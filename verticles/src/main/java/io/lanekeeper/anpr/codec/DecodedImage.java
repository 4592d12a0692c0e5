package io.lanekeeper.anpr.codec;

import io.lanekeeper.bus.Box;

/** A decoded frame at full resolution, in whichever representation its codec keeps (native or heap). */
public interface DecodedImage extends AutoCloseable {

  int width();

  int height();

  /**
   * Resizes the whole image to {@code w x h} and writes it as RGB planes (0..1) into the top-left corner of
   * a {@code planeW x planeH} CHW buffer; the rest of the buffer is left as it is (the letterbox padding).
   */
  void resizeRgbInto(int w, int h, float[] chw, int planeW, int planeH);

  /** The region resized to {@code w x h} (aspect not kept), grey (0.299 R + 0.587 G + 0.114 B), 0..1, row-major. */
  float[] cropGrey(Box region, int w, int h);

  /**
   * As {@link #cropGrey}, for a region that may reach past the frame's edges (a plate's box with its margin, the
   * plate at the edge of the frame or filling a crop): the part outside is the frame's edge pixels repeated, as
   * the OCR's training crops are warped with a replicate border, and the part inside keeps its place and scale in
   * the output instead of being stretched over all of it.
   *
   * @throws IllegalArgumentException when the region does not overlap the frame at all
   */
  default float[] cropGreyPadded(Box r, int w, int h) {
    int x0 = Math.max(0, r.x());
    int y0 = Math.max(0, r.y());
    int x1 = Math.min(width(), r.x() + r.w());
    int y1 = Math.min(height(), r.y() + r.h());
    if (x1 <= x0 || y1 <= y0) {
      throw new IllegalArgumentException("region " + r + " lies outside the " + width() + "x" + height() + " frame");
    }
    if (x0 == r.x() && y0 == r.y() && x1 == r.x() + r.w() && y1 == r.y() + r.h()) {
      return cropGrey(r, w, h);
    }
    // where the inside part lands in the output, at least one pixel each way
    int ox0 = Math.min(w - 1, (int) Math.round((double) (x0 - r.x()) * w / r.w()));
    int ox1 = Math.max(ox0 + 1, Math.min(w, (int) Math.round((double) (x1 - r.x()) * w / r.w())));
    int oy0 = Math.min(h - 1, (int) Math.round((double) (y0 - r.y()) * h / r.h()));
    int oy1 = Math.max(oy0 + 1, Math.min(h, (int) Math.round((double) (y1 - r.y()) * h / r.h())));
    int iw = ox1 - ox0;
    float[] inner = cropGrey(new Box(x0, y0, x1 - x0, y1 - y0), iw, oy1 - oy0);
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      int row = (Math.min(Math.max(y, oy0), oy1 - 1) - oy0) * iw;
      for (int x = 0; x < w; x++) {
        out[y * w + x] = inner[row + Math.min(Math.max(x, ox0), ox1 - 1) - ox0];
      }
    }
    return out;
  }

  /** The region encoded as JPEG. */
  byte[] cropJpeg(Box region, int quality);

  @Override
  void close();
}
