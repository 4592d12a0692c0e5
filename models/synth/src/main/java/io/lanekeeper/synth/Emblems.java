package io.lanekeeper.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.random.RandomGenerator;

/**
 * The small pictures on plates (flags, EU stars, seals, screws). They only need to look right at
 * 20 to 60 pixels: their job is to teach the models what is not a character.
 */
final class Emblems {

  private Emblems() {
  }

  /** Draws emblem {@code type} into box [l, t, r, b] px; {@code rnd} null means no random omission. */
  static void draw(Graphics2D g, String type, double[] b, Color color, RandomGenerator rnd) {
    double w = b[2] - b[0];
    double h = b[3] - b[1];
    switch (type) {
      case "screws" -> screws(g, b, rnd);
      case "br-flag" -> brFlag(g, b[0], b[1], w, h);
      case "mercosur" -> {
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) Math.max(1, h * 0.08)));
        double d = Math.min(w, h) * 0.8;
        g.draw(new Ellipse2D.Double(b[0] + (w - d) / 2, b[1] + (h - d) / 2, d, d));
        stars(g, b[0] + w / 2, b[1] + h / 2, d * 0.25, 4, d * 0.08, Color.WHITE);
      }
      case "waves" -> {
        g.setColor(color);
        g.setStroke(new BasicStroke((float) Math.max(1, h * 0.01)));
        for (int i = 0; i < 9; i++) {
          Path2D.Double p = new Path2D.Double();
          double y0 = b[1] + h * (i + 0.5) / 9;
          p.moveTo(b[0], y0);
          for (int s = 1; s <= 16; s++) {
            double x = b[0] + w * s / 16;
            p.lineTo(x, y0 + Math.sin(s * 0.8 + i) * h * 0.03);
          }
          g.draw(p);
        }
      }
      case "eu-stars" -> stars(g, b[0] + w / 2, b[1] + h / 2, Math.min(w, h) * 0.38, 12, Math.min(w, h) * 0.09,
          new Color(0xffcc00));
      case "hr-shield" -> hrShield(g, b[0], b[1], w, h);
      case "de-seals" -> {
        double d = Math.min(w, h * 0.48);
        double x = b[0] + (w - d) / 2;
        g.setColor(new Color(0x3a7bd5));
        g.fill(new Ellipse2D.Double(x, b[1], d, d));
        g.setColor(new Color(0xd8d8d8));
        g.fill(new Ellipse2D.Double(x, b[1] + h - d, d, d));
        g.setColor(new Color(0x555555));
        g.fill(new Ellipse2D.Double(x + d * 0.3, b[1] + h - d * 0.7, d * 0.4, d * 0.4));
      }
      case "fl-orange" -> {
        double d = Math.min(w, h) * 0.8;
        double x = b[0] + (w - d) / 2;
        double y = b[1] + (h - d) / 2;
        g.setColor(new Color(0xf08a1c));
        g.fill(new Ellipse2D.Double(x, y, d, d));
        g.setColor(new Color(0x2e8b3a));
        g.fill(new Ellipse2D.Double(x + d * 0.45, y - d * 0.18, d * 0.4, d * 0.25));
      }
      case "stickers" -> stickers(g, b, rnd);
      case "scenery" -> scenery(g, b, rnd);
      default -> throw new IllegalArgumentException("unknown emblem type '" + type + "'");
    }
  }

  private static void screws(Graphics2D g, double[] b, RandomGenerator rnd) {
    if (rnd != null && rnd.nextInt(3) == 0) {
      return;
    }
    double w = b[2] - b[0];
    double h = b[3] - b[1];
    double d = Math.max(2, h * 0.07);
    for (double fx : new double[] {0.22, 0.78}) {
      double cx = b[0] + w * fx;
      double cy = b[1] + h * 0.09;
      g.setColor(new Color(0x8a8a8a));
      g.fill(new Ellipse2D.Double(cx - d / 2, cy - d / 2, d, d));
      g.setColor(new Color(0xd0d0d0));
      g.fill(new Ellipse2D.Double(cx - d / 4, cy - d / 3, d / 3, d / 3));
    }
  }

  /** Registration stickers in the top corners of US plates: small, colourful, with digits. */
  private static void stickers(Graphics2D g, double[] b, RandomGenerator rnd) {
    if (rnd == null) {
      return;
    }
    double w = b[2] - b[0];
    double h = b[3] - b[1];
    for (double fx : new double[] {0.03, 0.83}) {
      if (rnd.nextDouble() < 0.45) {
        continue;
      }
      g.setColor(new Color(Color.HSBtoRGB((float) rnd.nextDouble(), 0.7f, 0.9f)));
      g.fill(new Rectangle2D.Double(b[0] + w * fx, b[1] + h * 0.04, w * 0.14, h * 0.16));
      g.setColor(new Color(0x202020));
      g.fill(new Rectangle2D.Double(b[0] + w * (fx + 0.03), b[1] + h * 0.09, w * 0.08, h * 0.06));
    }
  }

  /** Pale pictures behind the characters (mountains, sun, skyline) as on many US designs. */
  private static void scenery(Graphics2D g, double[] b, RandomGenerator rnd) {
    if (rnd == null || rnd.nextDouble() < 0.4) {
      return;
    }
    double w = b[2] - b[0];
    double h = b[3] - b[1];
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      Color c = new Color(Color.HSBtoRGB((float) rnd.nextDouble(), 0.25f + (float) rnd.nextDouble() * 0.3f, 0.95f));
      g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 110 + rnd.nextInt(100)));
      Path2D.Double hills = new Path2D.Double();
      double base = b[1] + h * (0.5 + rnd.nextDouble() * 0.5);
      hills.moveTo(b[0], b[3]);
      for (int k = 0; k <= 8; k++) {
        hills.lineTo(b[0] + w * k / 8, base - rnd.nextDouble() * h * 0.35);
      }
      hills.lineTo(b[2], b[3]);
      hills.closePath();
      g.fill(hills);
    }
  }

  private static void brFlag(Graphics2D g, double x, double y, double w, double h) {
    g.setColor(new Color(0x009c3b));
    g.fill(new Rectangle2D.Double(x, y, w, h));
    Path2D.Double d = new Path2D.Double();
    d.moveTo(x + w * 0.08, y + h / 2);
    d.lineTo(x + w / 2, y + h * 0.1);
    d.lineTo(x + w * 0.92, y + h / 2);
    d.lineTo(x + w / 2, y + h * 0.9);
    d.closePath();
    g.setColor(new Color(0xffdf00));
    g.fill(d);
    g.setColor(new Color(0x002776));
    double r = h * 0.28;
    g.fill(new Ellipse2D.Double(x + w / 2 - r, y + h / 2 - r, 2 * r, 2 * r));
  }

  private static void hrShield(Graphics2D g, double x, double y, double w, double h) {
    int n = 5;
    double cw = w / n;
    double ch = h * 0.8 / n;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        g.setColor((i + j) % 2 == 0 ? new Color(0xd52b1e) : Color.WHITE);
        g.fill(new Rectangle2D.Double(x + j * cw, y + h * 0.2 + i * ch, cw + 0.5, ch + 0.5));
      }
    }
    g.setColor(new Color(0x1f4e9c));
    g.fill(new Rectangle2D.Double(x, y, w, h * 0.18));
  }

  private static void stars(Graphics2D g, double cx, double cy, double radius, int n, double size, Color c) {
    g.setColor(c);
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      double sx = cx + Math.cos(a) * radius;
      double sy = cy + Math.sin(a) * radius;
      Path2D.Double star = new Path2D.Double();
      for (int k = 0; k < 10; k++) {
        double rr = k % 2 == 0 ? size / 2 : size / 5;
        double aa = -Math.PI / 2 + k * Math.PI / 5;
        if (k == 0) {
          star.moveTo(sx + Math.cos(aa) * rr, sy + Math.sin(aa) * rr);
        } else {
          star.lineTo(sx + Math.cos(aa) * rr, sy + Math.sin(aa) * rr);
        }
      }
      star.closePath();
      g.fill(star);
    }
  }
}
