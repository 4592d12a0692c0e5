package io.lanekeeper.anpr.codec;

/** Pixel loops shared by the codecs: plain Java on byte rasters, no NDArray operations. */
final class Pixels {

  /** byte value to 0..1, looked up rather than divided: a third of a 640x360 letterbox's conversion time. */
  private static final float[] UNIT = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      UNIT[i] = i / 255f;
    }
  }

  private Pixels() {
  }

  /** Interleaved 8-bit BGR to RGB float planes (0..1) in the top-left of a planeW x planeH CHW buffer. */
  static void bgrToRgbPlanes(byte[] bgr, int w, int h, float[] chw, int planeW, int planeH) {
    int plane = planeW * planeH;
    for (int y = 0; y < h; y++) {
      int src = y * w * 3;
      int dst = y * planeW;
      for (int x = 0; x < w; x++, src += 3, dst++) {
        chw[dst] = UNIT[bgr[src + 2] & 0xff];
        chw[plane + dst] = UNIT[bgr[src + 1] & 0xff];
        chw[2 * plane + dst] = UNIT[bgr[src] & 0xff];
      }
    }
  }

  /**
   * Resizes a region of an interleaved 8-bit image with {@code ch} channels. Shrinking averages the source
   * area each output pixel covers (with fractional edge weights, like OpenCV's INTER_AREA); enlarging samples
   * bilinearly.
   */
  static byte[] resize(byte[] src, int srcW, int ch, int rx, int ry, int rw, int rh, int ow, int oh) {
    byte[] out = new byte[ow * oh * ch];
    if (ow <= rw && oh <= rh) {
      area(src, srcW, ch, rx, ry, rw, rh, ow, oh, out);
    } else {
      bilinear(src, srcW, ch, rx, ry, rw, rh, ow, oh, out);
    }
    return out;
  }

  private static void area(byte[] src, int srcW, int ch, int rx, int ry, int rw, int rh, int ow, int oh,
                           byte[] out) {
    double sx = (double) rw / ow;
    double sy = (double) rh / oh;
    int[] x0 = new int[ow];
    int[] x1 = new int[ow];
    double[][] wx = new double[ow][];
    double[] wxSum = new double[ow];
    for (int ox = 0; ox < ow; ox++) {
      double a = ox * sx;
      double b = a + sx;
      x0[ox] = (int) Math.floor(a);
      x1[ox] = Math.min(rw, (int) Math.ceil(b - 1e-9));
      wx[ox] = new double[x1[ox] - x0[ox]];
      for (int k = x0[ox]; k < x1[ox]; k++) {
        wx[ox][k - x0[ox]] = Math.min(b, k + 1) - Math.max(a, k);
        wxSum[ox] += wx[ox][k - x0[ox]];
      }
    }
    double[] acc = new double[ow * ch];
    for (int oy = 0; oy < oh; oy++) {
      double a = oy * sy;
      double b = a + sy;
      int y0 = (int) Math.floor(a);
      int y1 = Math.min(rh, (int) Math.ceil(b - 1e-9));
      java.util.Arrays.fill(acc, 0);
      double total = 0;
      for (int yy = y0; yy < y1; yy++) {
        double wy = Math.min(b, yy + 1) - Math.max(a, yy);
        total += wy;
        int row = ((ry + yy) * srcW + rx) * ch;
        for (int ox = 0; ox < ow; ox++) {
          double[] w = wx[ox];
          for (int k = 0; k < w.length; k++) {
            int p = row + (x0[ox] + k) * ch;
            double f = w[k] * wy;
            for (int c = 0; c < ch; c++) {
              acc[ox * ch + c] += f * (src[p + c] & 0xff);
            }
          }
        }
      }
      int o = oy * ow * ch;
      for (int ox = 0; ox < ow; ox++) {
        double norm = total * wxSum[ox];
        for (int c = 0; c < ch; c++) {
          out[o + ox * ch + c] = (byte) Math.min(255, Math.round(acc[ox * ch + c] / norm));
        }
      }
    }
  }

  private static void bilinear(byte[] src, int srcW, int ch, int rx, int ry, int rw, int rh, int ow, int oh,
                               byte[] out) {
    double sx = (double) rw / ow;
    double sy = (double) rh / oh;
    for (int oy = 0; oy < oh; oy++) {
      double fy = Math.max(0, Math.min(rh - 1, (oy + 0.5) * sy - 0.5));
      int y0 = (int) fy;
      int y1 = Math.min(rh - 1, y0 + 1);
      double ty = fy - y0;
      for (int ox = 0; ox < ow; ox++) {
        double fx = Math.max(0, Math.min(rw - 1, (ox + 0.5) * sx - 0.5));
        int xa = (int) fx;
        int xb = Math.min(rw - 1, xa + 1);
        double tx = fx - xa;
        int p00 = ((ry + y0) * srcW + rx + xa) * ch;
        int p01 = ((ry + y0) * srcW + rx + xb) * ch;
        int p10 = ((ry + y1) * srcW + rx + xa) * ch;
        int p11 = ((ry + y1) * srcW + rx + xb) * ch;
        int o = (oy * ow + ox) * ch;
        for (int c = 0; c < ch; c++) {
          double top = (src[p00 + c] & 0xff) * (1 - tx) + (src[p01 + c] & 0xff) * tx;
          double bottom = (src[p10 + c] & 0xff) * (1 - tx) + (src[p11 + c] & 0xff) * tx;
          out[o + c] = (byte) Math.round(top * (1 - ty) + bottom * ty);
        }
      }
    }
  }
}
