package io.lanekeeper.synth;

import java.awt.image.BufferedImage;

/** Pixel counts for the rendering tests. */
final class Pixels {

  private Pixels() {
  }

  /** Dark, opaque pixels in [x0, x1) x [y0, y1). */
  static int ink(BufferedImage img, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < Math.min(y1, img.getHeight()); y++) {
      for (int x = x0; x < Math.min(x1, img.getWidth()); x++) {
        int argb = img.getRGB(x, y);
        int lum = ((argb >> 16 & 255) + (argb >> 8 & 255) + (argb & 255)) / 3;
        if ((argb >>> 24) > 128 && lum < 100) {
          n++;
        }
      }
    }
    return n;
  }

  /** Pixels in the area whose colour differs by more than 60 in any channel. */
  static int diff(BufferedImage a, BufferedImage b, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = y0; y < Math.min(y1, a.getHeight()); y++) {
      for (int x = x0; x < Math.min(x1, a.getWidth()); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int s = 0; s < 32; s += 8) {
          if (Math.abs((p >> s & 255) - (q >> s & 255)) > 60) {
            n++;
            break;
          }
        }
      }
    }
    return n;
  }

  /** Pixels in the area that are opaque and differ from {@code background} by more than 40 in any channel. */
  static int painted(BufferedImage img, int background, int x0, int y0, int x1, int y1) {
    int n = 0;
    for (int y = Math.max(0, y0); y < Math.min(y1, img.getHeight()); y++) {
      for (int x = Math.max(0, x0); x < Math.min(x1, img.getWidth()); x++) {
        int p = img.getRGB(x, y);
        if ((p >>> 24) < 128) {
          continue;
        }
        for (int s = 0; s < 24; s += 8) {
          if (Math.abs((p >> s & 255) - (background >> s & 255)) > 40) {
            n++;
            break;
          }
        }
      }
    }
    return n;
  }
}
