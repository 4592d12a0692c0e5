package io.lanekeeper.synth;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Procedural backgrounds: sky or wall, buildings with windows, a road with markings, poles, and
 * signs with lettering that is not a plate (the detector must learn to ignore it).
 */
final class Streets {

  private static final String SIGN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private Streets() {
  }

  static void paint(BufferedImage img, RandomGenerator rnd) {
    int w = img.getWidth();
    int h = img.getHeight();
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      double horizon = h * (0.3 + rnd.nextDouble() * 0.3);
      Color top = grey(rnd, 120, 230);
      g.setPaint(new GradientPaint(0, 0, top, 0, (float) horizon, tint(top, rnd)));
      g.fillRect(0, 0, w, (int) horizon + 1);
      int buildings = 2 + rnd.nextInt(6);
      for (int i = 0; i < buildings; i++) {
        double bw = w * (0.1 + rnd.nextDouble() * 0.35);
        double bh = horizon * (0.3 + rnd.nextDouble() * 0.7);
        double bx = rnd.nextDouble() * w - bw / 2;
        Color c = grey(rnd, 60, 200);
        g.setColor(c);
        g.fill(new Rectangle2D.Double(bx, horizon - bh, bw, bh));
        g.setColor(c.darker());
        double win = bw / (4 + rnd.nextInt(6));
        for (double y = horizon - bh + win * 0.5; y < horizon - win; y += win * 1.4) {
          for (double x = bx + win * 0.3; x < bx + bw - win; x += win * 1.3) {
            g.fill(new Rectangle2D.Double(x, y, win * 0.8, win * 0.9));
          }
        }
      }
      Color road = grey(rnd, 50, 140);
      g.setPaint(new GradientPaint(0, (float) horizon, road.brighter(), 0, h, road));
      g.fill(new Rectangle2D.Double(0, horizon, w, h - horizon));
      g.setColor(new Color(0xe0e0d0));
      int marks = rnd.nextInt(6);
      for (int i = 0; i < marks; i++) {
        double y = horizon + rnd.nextDouble() * (h - horizon);
        double mw = w * (0.02 + rnd.nextDouble() * 0.08) * (y / h);
        g.fill(new Rectangle2D.Double(rnd.nextDouble() * w, y, mw, mw * 0.3));
      }
      int poles = rnd.nextInt(4);
      for (int i = 0; i < poles; i++) {
        g.setColor(grey(rnd, 30, 120));
        double px = rnd.nextDouble() * w;
        g.fill(new Rectangle2D.Double(px, h * rnd.nextDouble() * 0.3, 4 + rnd.nextDouble() * w * 0.01, h));
      }
      int signs = rnd.nextInt(4);
      for (int i = 0; i < signs; i++) {
        sign(g, rnd.nextDouble() * w, rnd.nextDouble() * h * 0.8, w * (0.04 + rnd.nextDouble() * 0.15), rnd);
      }
    } finally {
      g.dispose();
    }
  }

  private static void sign(Graphics2D g, double x, double y, double sw, RandomGenerator rnd) {
    double sh = sw * (0.25 + rnd.nextDouble() * 0.5);
    Color bg = new Color(rnd.nextInt(256), rnd.nextInt(256), rnd.nextInt(256));
    g.setColor(bg);
    g.fill(new Rectangle2D.Double(x, y, sw, sh));
    boolean light = (bg.getRed() + bg.getGreen() + bg.getBlue()) > 380;
    g.setColor(light ? new Color(0x151515) : new Color(0xf0f0f0));
    FontCatalog fonts = FontCatalog.installed();
    List<String> names =
        fonts.available(List.of("DejaVuSans-Bold", "LiberationSans-Bold", "FreeSans", "Roboto-Regular"));
    String font = names.get(rnd.nextInt(names.size()));
    int n = 2 + rnd.nextInt(8);
    double cap = sh * 0.5;
    double cx = x + sw * 0.05;
    for (int i = 0; i < n && cx < x + sw * 0.9; i++) {
      FontCatalog.Glyph gl = fonts.glyph(font, SIGN.charAt(rnd.nextInt(SIGN.length())));
      g.fill(new AffineTransform(cap, 0, 0, cap, cx, y + sh * 0.75).createTransformedShape(gl.outline()));
      cx += gl.advance() * cap;
    }
  }

  private static Color grey(RandomGenerator rnd, int lo, int hi) {
    int v = lo + rnd.nextInt(hi - lo);
    return new Color(Effects.c8(v + rnd.nextInt(21) - 10), v, Effects.c8(v + rnd.nextInt(31) - 10));
  }

  private static Color tint(Color c, RandomGenerator rnd) {
    int d = rnd.nextInt(60) - 30;
    return new Color(Effects.c8(c.getRed() + d), Effects.c8(c.getGreen() + d), Effects.c8(c.getBlue() + d / 2));
  }
}
