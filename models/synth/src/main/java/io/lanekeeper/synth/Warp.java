package io.lanekeeper.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Perspective warp of an ARGB plate onto an RGB frame by inverse mapping with bilinear sampling;
 * the plate's transparent corners and its edges blend into whatever is underneath.
 */
final class Warp {

  private Warp() {
  }

  /** Homography (row-major 3x3) taking the four {@code src} points to the four {@code dst} points. */
  static double[] homography(double[] src, double[] dst) {
    double[][] a = new double[8][9];
    for (int i = 0; i < 4; i++) {
      double x = src[2 * i];
      double y = src[2 * i + 1];
      double u = dst[2 * i];
      double v = dst[2 * i + 1];
      a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
      a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
    }
    for (int c = 0; c < 8; c++) {
      int piv = c;
      for (int r = c + 1; r < 8; r++) {
        if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) {
          piv = r;
        }
      }
      double[] t = a[c];
      a[c] = a[piv];
      a[piv] = t;
      for (int r = 0; r < 8; r++) {
        if (r != c) {
          double f = a[r][c] / a[c][c];
          for (int k = c; k < 9; k++) {
            a[r][k] -= f * a[c][k];
          }
        }
      }
    }
    double[] h = new double[9];
    for (int i = 0; i < 8; i++) {
      h[i] = a[i][8] / a[i][i];
    }
    h[8] = 1;
    return h;
  }

  /** Draws {@code plate} (ARGB) onto {@code frame} (RGB) so that its corners land on {@code quad}. */
  static void draw(BufferedImage plate, BufferedImage frame, double[] quad) {
    int sw = plate.getWidth();
    int sh = plate.getHeight();
    double[] inv = homography(quad, new double[] {0, 0, sw, 0, sw, sh, 0, sh});
    int[] src = ((DataBufferInt) plate.getRaster().getDataBuffer()).getData();
    int[] dst = ((DataBufferInt) frame.getRaster().getDataBuffer()).getData();
    int fw = frame.getWidth();
    int fh = frame.getHeight();
    int x0 = Math.max(0, (int) Math.floor(min(quad, 0)) - 1);
    int x1 = Math.min(fw - 1, (int) Math.ceil(max(quad, 0)) + 1);
    int y0 = Math.max(0, (int) Math.floor(min(quad, 1)) - 1);
    int y1 = Math.min(fh - 1, (int) Math.ceil(max(quad, 1)) + 1);
    for (int y = y0; y <= y1; y++) {
      double py = y + 0.5;
      // homogeneous source coordinates advance linearly along a row
      double hx = inv[0] * (x0 + 0.5) + inv[1] * py + inv[2];
      double hy = inv[3] * (x0 + 0.5) + inv[4] * py + inv[5];
      double hw = inv[6] * (x0 + 0.5) + inv[7] * py + inv[8];
      for (int x = x0; x <= x1; x++, hx += inv[0], hy += inv[3], hw += inv[6]) {
        double rw = 1 / hw;
        double u = hx * rw - 0.5;
        double v = hy * rw - 0.5;
        if (u <= -1 || v <= -1 || u >= sw || v >= sh) {
          continue;
        }
        int iu = (int) Math.floor(u);
        int iv = (int) Math.floor(v);
        int fu = (int) ((u - iu) * 256);
        int fv = (int) ((v - iv) * 256);
        int c00;
        int c10;
        int c01;
        int c11;
        if (iu >= 0 && iv >= 0 && iu + 1 < sw && iv + 1 < sh) {
          int k = iv * sw + iu;
          c00 = src[k];
          c10 = src[k + 1];
          c01 = src[k + sw];
          c11 = src[k + sw + 1];
        } else {
          c00 = tap(src, sw, sh, iu, iv);
          c10 = tap(src, sw, sh, iu + 1, iv);
          c01 = tap(src, sw, sh, iu, iv + 1);
          c11 = tap(src, sw, sh, iu + 1, iv + 1);
        }
        int w00 = (256 - fu) * (256 - fv);
        int w10 = fu * (256 - fv);
        int w01 = (256 - fu) * fv;
        int w11 = fu * fv;
        // premultiplied sums, weights total 65536, alpha 0..255
        long a = (long) (c00 >>> 24) * w00 + (long) (c10 >>> 24) * w10
            + (long) (c01 >>> 24) * w01 + (long) (c11 >>> 24) * w11;
        if (a < 65536) {
          continue;
        }
        long r = pm(c00, 16, w00) + pm(c10, 16, w10) + pm(c01, 16, w01) + pm(c11, 16, w11);
        long g = pm(c00, 8, w00) + pm(c10, 8, w10) + pm(c01, 8, w01) + pm(c11, 8, w11);
        long b = pm(c00, 0, w00) + pm(c10, 0, w10) + pm(c01, 0, w01) + pm(c11, 0, w11);
        int i = y * fw + x;
        int d = dst[i];
        long na = 255L * 65536 - a;
        long div = 255L * 65536;
        int rr = (int) ((r + ((d >> 16) & 255) * na) / div);
        int gg = (int) ((g + ((d >> 8) & 255) * na) / div);
        int bb = (int) ((b + (d & 255) * na) / div);
        dst[i] = (Math.min(255, rr) << 16) | (Math.min(255, gg) << 8) | Math.min(255, bb);
      }
    }
  }

  private static int tap(int[] src, int sw, int sh, int x, int y) {
    return x < 0 || y < 0 || x >= sw || y >= sh ? 0 : src[y * sw + x];
  }

  /** One channel of a pixel times its alpha times its weight. */
  private static long pm(int c, int shift, int w) {
    return (long) ((c >> shift) & 255) * (c >>> 24) * w;
  }

  static double min(double[] q, int off) {
    double m = Double.MAX_VALUE;
    for (int i = off; i < q.length; i += 2) {
      m = Math.min(m, q[i]);
    }
    return m;
  }

  static double max(double[] q, int off) {
    double m = -Double.MAX_VALUE;
    for (int i = off; i < q.length; i += 2) {
      m = Math.max(m, q[i]);
    }
    return m;
  }

  /**
   * A plausible camera view of a {@code w} x {@code h} plate centred at (cx, cy): rotation,
   * yaw (one side shorter), pitch (top or bottom narrower) and small corner jitter.
   */
  static double[] randomQuad(double cx, double cy, double w, double h, double strength,
                             java.util.random.RandomGenerator rnd) {
    double rot = Math.toRadians(rnd.nextGaussian() * 4 * strength);
    double yaw = (rnd.nextDouble() * 2 - 1) * 0.25 * strength;
    double pitch = (rnd.nextDouble() * 2 - 1) * 0.15 * strength;
    double shear = rnd.nextGaussian() * 0.05 * strength;
    double[] q = new double[8];
    double[][] corners = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    double cos = Math.cos(rot);
    double sin = Math.sin(rot);
    for (int i = 0; i < 4; i++) {
      double sx = corners[i][0];
      double sy = corners[i][1];
      double x = sx * w / 2 * (1 + pitch * sy);
      double y = sy * h / 2 * (1 + yaw * sx);
      x += shear * y;
      x += rnd.nextGaussian() * w * 0.008 * strength;
      y += rnd.nextGaussian() * h * 0.02 * strength;
      q[2 * i] = cx + x * cos - y * sin;
      q[2 * i + 1] = cy + x * sin + y * cos;
    }
    return q;
  }
}
