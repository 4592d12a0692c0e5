package io.lanekeeper.synth;

import java.awt.image.BufferedImage;

/** Resizing and cutting RGB images ({@code TYPE_INT_RGB}) on their pixel arrays. */
final class Resample {

  private Resample() {
  }

  /** Bilinear resize; a box blur first when shrinking by more than 1.5 so that it does not alias. */
  static BufferedImage resize(BufferedImage img, int nw, int nh) {
    int w = img.getWidth();
    int h = img.getHeight();
    if (w == 2 * nw && h == 2 * nh) {
      return half(img);
    }
    double f = Math.max((double) w / nw, (double) h / nh);
    BufferedImage src = img;
    if (f > 1.5) {
      src = copy(img);
      Effects.boxBlur(src, (int) Math.round(f / 2 - 0.25), 1);
    }
    int[] in = Effects.px(src);
    BufferedImage out = Effects.rgb(nw, nh);
    int[] o = Effects.px(out);
    double sx = (double) w / nw;
    double sy = (double) h / nh;
    for (int y = 0; y < nh; y++) {
      double v = Math.min(h - 1.0, Math.max(0, (y + 0.5) * sy - 0.5));
      int iv = Math.min(h - 2, (int) v);
      double fv = h == 1 ? 0 : v - iv;
      iv = Math.max(0, iv);
      for (int x = 0; x < nw; x++) {
        double u = Math.min(w - 1.0, Math.max(0, (x + 0.5) * sx - 0.5));
        int iu = Math.max(0, Math.min(w - 2, (int) u));
        double fu = w == 1 ? 0 : u - iu;
        int a = in[iv * w + iu];
        int b = in[iv * w + Math.min(w - 1, iu + 1)];
        int c = in[Math.min(h - 1, iv + 1) * w + iu];
        int d = in[Math.min(h - 1, iv + 1) * w + Math.min(w - 1, iu + 1)];
        int r = lerp(a >> 16, b >> 16, c >> 16, d >> 16, fu, fv);
        int g = lerp(a >> 8, b >> 8, c >> 8, d >> 8, fu, fv);
        int bl = lerp(a, b, c, d, fu, fv);
        o[y * nw + x] = (r << 16) | (g << 8) | bl;
      }
    }
    return out;
  }

  /** Exact halving by 2x2 averages: the common 1280 to 640 case, much cheaper than blur and resample. */
  private static BufferedImage half(BufferedImage img) {
    int w = img.getWidth();
    int nw = w / 2;
    int nh = img.getHeight() / 2;
    int[] in = Effects.px(img);
    BufferedImage out = Effects.rgb(nw, nh);
    int[] o = Effects.px(out);
    for (int y = 0; y < nh; y++) {
      int r0 = 2 * y * w;
      int r1 = r0 + w;
      for (int x = 0; x < nw; x++) {
        int a = in[r0 + 2 * x];
        int b = in[r0 + 2 * x + 1];
        int c = in[r1 + 2 * x];
        int d = in[r1 + 2 * x + 1];
        int r = (((a >> 16) & 255) + ((b >> 16) & 255) + ((c >> 16) & 255) + ((d >> 16) & 255) + 2) >> 2;
        int g = (((a >> 8) & 255) + ((b >> 8) & 255) + ((c >> 8) & 255) + ((d >> 8) & 255) + 2) >> 2;
        int bl = ((a & 255) + (b & 255) + (c & 255) + (d & 255) + 2) >> 2;
        o[y * nw + x] = (r << 16) | (g << 8) | bl;
      }
    }
    return out;
  }

  private static int lerp(int a, int b, int c, int d, double fu, double fv) {
    double top = (a & 255) * (1 - fu) + (b & 255) * fu;
    double bot = (c & 255) * (1 - fu) + (d & 255) * fu;
    return (int) (top * (1 - fv) + bot * fv + 0.5);
  }

  static BufferedImage copy(BufferedImage img) {
    BufferedImage out = Effects.rgb(img.getWidth(), img.getHeight());
    System.arraycopy(Effects.px(img), 0, Effects.px(out), 0, Effects.px(img).length);
    return out;
  }

  static BufferedImage crop(BufferedImage img, int x, int y, int w, int h) {
    BufferedImage out = Effects.rgb(w, h);
    int[] in = Effects.px(img);
    int[] o = Effects.px(out);
    int iw = img.getWidth();
    for (int r = 0; r < h; r++) {
      System.arraycopy(in, (y + r) * iw + x, o, r * w, w);
    }
    return out;
  }
}
