package io.lanekeeper.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.random.RandomGenerator;

/**
 * Camera effects on RGB images ({@code TYPE_INT_RGB}), working on the pixel array directly:
 * Java2D's convolution and affine ops are several times slower at these sizes.
 */
final class Effects {

  private Effects() {
  }

  static int[] px(BufferedImage img) {
    return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
  }

  static BufferedImage rgb(int w, int h) {
    return new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
  }

  /** Separable box blur, {@code passes} times; three passes are close to a Gaussian. */
  static void boxBlur(BufferedImage img, int radius, int passes) {
    if (radius <= 0) {
      return;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] p = px(img);
    int[] tmp = new int[p.length];
    for (int k = 0; k < passes; k++) {
      blurLine(p, tmp, w, h, radius, 1, w);
      blurLine(tmp, p, h, w, radius, w, 1);
    }
  }

  /** Blurs {@code lines} lines of {@code len} pixels (stride {@code step}, next line at {@code next}). */
  private static void blurLine(int[] in, int[] out, int len, int lines, int r, int step, int next) {
    int div = 2 * r + 1;
    for (int l = 0; l < lines; l++) {
      int base = l * next;
      int sr = 0;
      int sg = 0;
      int sb = 0;
      for (int i = -r; i <= r; i++) {
        int c = in[base + clamp(i, len) * step];
        sr += (c >> 16) & 255;
        sg += (c >> 8) & 255;
        sb += c & 255;
      }
      for (int i = 0; i < len; i++) {
        out[base + i * step] = ((sr / div) << 16) | ((sg / div) << 8) | (sb / div);
        int a = in[base + clamp(i - r, len) * step];
        int b = in[base + clamp(i + r + 1, len) * step];
        sr += ((b >> 16) & 255) - ((a >> 16) & 255);
        sg += ((b >> 8) & 255) - ((a >> 8) & 255);
        sb += (b & 255) - (a & 255);
      }
    }
  }

  private static int clamp(int i, int len) {
    return i < 0 ? 0 : i >= len ? len - 1 : i;
  }

  /** Motion blur along a line of {@code length} px at {@code angle} radians. */
  static void motionBlur(BufferedImage img, double length, double angle) {
    int n = Math.max(2, (int) Math.round(length));
    int w = img.getWidth();
    int h = img.getHeight();
    int[] p = px(img);
    int[] src = p.clone();
    int[] dx = new int[n];
    int[] dy = new int[n];
    for (int k = 0; k < n; k++) {
      double t = k - (n - 1) / 2.0;
      dx[k] = (int) Math.round(t * Math.cos(angle));
      dy[k] = (int) Math.round(t * Math.sin(angle));
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sr = 0;
        int sg = 0;
        int sb = 0;
        for (int k = 0; k < n; k++) {
          int c = src[clamp(y + dy[k], h) * w + clamp(x + dx[k], w)];
          sr += (c >> 16) & 255;
          sg += (c >> 8) & 255;
          sb += c & 255;
        }
        p[y * w + x] = ((sr / n) << 16) | ((sg / n) << 8) | (sb / n);
      }
    }
  }

  /** Standard normal samples, fixed: a table lookup per pixel is far cheaper than nextGaussian(). */
  private static final double[] GAUSS = new double[4096];

  static {
    java.util.SplittableRandom r = new java.util.SplittableRandom(42);
    for (int i = 0; i < GAUSS.length; i++) {
      GAUSS[i] = r.nextGaussian();
    }
  }

  /** Sensor noise with standard deviation {@code sigma}, grey or per channel. */
  static void noise(BufferedImage img, double sigma, boolean colour, RandomGenerator rnd) {
    int[] t = new int[GAUSS.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = (int) Math.round(GAUSS[i] * sigma);
    }
    int[] p = px(img);
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      long r = rnd.nextLong();
      int nr = t[(int) (r & 4095)];
      int ng = nr;
      int nb = nr;
      if (colour) {
        ng = t[(int) ((r >>> 12) & 4095)];
        nb = t[(int) ((r >>> 24) & 4095)];
      }
      p[i] = (c8(((c >> 16) & 255) + nr) << 16) | (c8(((c >> 8) & 255) + ng) << 8) | c8((c & 255) + nb);
    }
  }

  static int c8(int v) {
    return v < 0 ? 0 : v > 255 ? 255 : v;
  }

  /**
   * Exposure: {@code out = 255 * gain * (in/255)^gamma}, with a colour cast per channel; a
   * negative cast inverts that channel.
   */
  static void exposure(BufferedImage img, double gain, double gamma, double[] cast) {
    int[][] lut = new int[3][256];
    for (int ch = 0; ch < 3; ch++) {
      for (int v = 0; v < 256; v++) {
        double x = cast[ch] < 0 ? 1 - v / 255.0 : v / 255.0;
        lut[ch][v] = c8((int) (255 * gain * Math.abs(cast[ch]) * Math.pow(x, gamma)));
      }
    }
    applyLut(img, lut);
  }

  /** Squeezes all values towards their mid grey by {@code k} (0..1): haze, fog, a dirty lens. */
  static void contrast(BufferedImage img, double k) {
    int[][] lut = new int[3][256];
    int mid = 100 + (int) (k * 60);
    for (int ch = 0; ch < 3; ch++) {
      for (int v = 0; v < 256; v++) {
        lut[ch][v] = c8((int) (mid + (v - mid) * k));
      }
    }
    applyLut(img, lut);
  }

  private static void applyLut(BufferedImage img, int[][] lut) {
    int[] p = px(img);
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      p[i] = (lut[0][(c >> 16) & 255] << 16) | (lut[1][(c >> 8) & 255] << 8) | lut[2][c & 255];
    }
  }

  /** Infrared camera look: grey, hard contrast curve; retro-reflective plates glow white. */
  static void infrared(BufferedImage img, double contrast) {
    int[] lut = new int[256];
    for (int v = 0; v < 256; v++) {
      double x = v / 255.0;
      double y = 1 / (1 + Math.exp(-contrast * (x - 0.45)));
      lut[v] = c8((int) (255 * y));
    }
    int[] p = px(img);
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      int grey = (((c >> 16) & 255) * 77 + ((c >> 8) & 255) * 150 + (c & 255) * 29) >> 8;
      int v = lut[grey];
      p[i] = (v << 16) | (v << 8) | v;
    }
  }

  /** Adds a bright elliptic highlight (sun or headlight reflection) of peak {@code strength} 0..1. */
  static void glare(BufferedImage img, double cx, double cy, double rx, double ry, double strength) {
    int w = img.getWidth();
    int[] p = px(img);
    int x0 = Math.max(0, (int) (cx - rx));
    int x1 = Math.min(w - 1, (int) (cx + rx));
    int y0 = Math.max(0, (int) (cy - ry));
    int y1 = Math.min(img.getHeight() - 1, (int) (cy + ry));
    for (int y = y0; y <= y1; y++) {
      double dy = (y - cy) / ry;
      for (int x = x0; x <= x1; x++) {
        double dx = (x - cx) / rx;
        double d = 1 - (dx * dx + dy * dy);
        if (d <= 0) {
          continue;
        }
        double a = strength * d * d;
        int c = p[y * w + x];
        int r = (int) (((c >> 16) & 255) * (1 - a) + 255 * a);
        int g = (int) (((c >> 8) & 255) * (1 - a) + 255 * a);
        int b = (int) ((c & 255) * (1 - a) + 255 * a);
        p[y * w + x] = (r << 16) | (g << 8) | b;
      }
    }
  }

  /** Darkens one side of a soft-edged line (a shadow cast across the plate), within {@code region} [l, t, r, b]. */
  static void shadow(BufferedImage img, double px0, double py0, double angle, double softness, double darkness,
                     int[] region) {
    int w = img.getWidth();
    int[] p = px(img);
    double nx = Math.cos(angle);
    double ny = Math.sin(angle);
    int x0 = Math.max(0, region[0]);
    int y0 = Math.max(0, region[1]);
    int x1 = Math.min(w, region[2]);
    int y1 = Math.min(img.getHeight(), region[3]);
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        double d = (x - px0) * nx + (y - py0) * ny;
        if (d < -softness) {
          continue;
        }
        double t = d >= softness ? 1 : (d + softness) / (2 * softness);
        double f = 1 - darkness * t;
        int c = p[y * w + x];
        p[y * w + x] = ((int) (((c >> 16) & 255) * f) << 16) | ((int) (((c >> 8) & 255) * f) << 8)
            | (int) ((c & 255) * f);
      }
    }
  }
}
