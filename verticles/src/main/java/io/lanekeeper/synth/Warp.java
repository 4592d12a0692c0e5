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
      for (int x = x0; x <= x1; x++) {
        double px = x + 0.5;
        double w = inv[6] * px + inv[7] * py + inv[8];
        double u = (inv[0] * px + inv[1] * py + inv[2]) / w - 0.5;
        double v = (inv[3] * px + inv[4] * py + inv[5]) / w - 0.5;
        if (u < -1 || v < -1 || u > sw || v > sh) {
          continue;
        }
        int iu = (int) Math.floor(u);
        int iv = (int) Math.floor(v);
        double fu = u - iu;
        double fv = v - iv;
        double a = 0;
        double r = 0;
        double g = 0;
        double b = 0;
        for (int k = 0; k < 4; k++) {
          int sx = iu + (k & 1);
          int sy = iv + (k >> 1);
          if (sx < 0 || sy < 0 || sx >= sw || sy >= sh) {
            continue;
          }
          double wt = ((k & 1) == 1 ? fu : 1 - fu) * ((k >> 1) == 1 ? fv : 1 - fv);
          int c = src[sy * sw + sx];
          double ca = ((c >>> 24) / 255.0) * wt;
          a += ca;
          r += ((c >> 16) & 255) * ca;
          g += ((c >> 8) & 255) * ca;
          b += (c & 255) * ca;
        }
        if (a <= 0.001) {
          continue;
        }
        int i = y * fw + x;
        int d = dst[i];
        double na = 1 - a;
        int rr = (int) (r + ((d >> 16) & 255) * na);
        int gg = (int) (g + ((d >> 8) & 255) * na);
        int bb = (int) (b + (d & 255) * na);
        dst[i] = (Math.min(255, rr) << 16) | (Math.min(255, gg) << 8) | Math.min(255, bb);
      }
    }
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
