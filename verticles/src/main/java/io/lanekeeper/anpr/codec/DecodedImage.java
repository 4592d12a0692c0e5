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

  /** The region encoded as JPEG. */
  byte[] cropJpeg(Box region, int quality);

  @Override
  void close();
}
