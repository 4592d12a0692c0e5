package io.lanekeeper.synth;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * Car rear and front silhouettes sized around a plate: body, cabin and glass, lights, bumper,
 * wheels and the shadow underneath. Crude, but they put plates where plates are in real frames
 * and give the detector lights and grilles to tell apart from plates.
 */
final class Vehicles {

  private Vehicles() {
  }

  /**
   * Paints a car of width {@code cw} px whose plate centre lands on (px, py).
   *
   * @return the car's box [l, t, r, b] in frame pixels (may extend past the frame)
   */
  static double[] paint(BufferedImage frame, double px, double py, double cw, RandomGenerator rnd) {
    boolean rear = rnd.nextDouble() < 0.6;
    double ch = cw * (0.75 + rnd.nextDouble() * 0.2);
    double plateAt = 0.62 + rnd.nextDouble() * 0.14;
    double x0 = px - cw / 2 - (rnd.nextDouble() - 0.5) * cw * 0.08;
    double y0 = py - ch * plateAt;
    Color body = Surfaces.bodyColour(rnd);
    Graphics2D g = frame.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(new Color(0, 0, 0, 110));
      g.fill(new Ellipse2D.Double(x0 - cw * 0.05, y0 + ch * 0.9, cw * 1.1, ch * 0.14));
      g.setColor(new Color(0x151515));
      g.fill(new RoundRectangle2D.Double(x0 + cw * 0.04, y0 + ch * 0.8, cw * 0.16, ch * 0.2, cw * 0.03, cw * 0.03));
      g.fill(new RoundRectangle2D.Double(x0 + cw * 0.80, y0 + ch * 0.8, cw * 0.16, ch * 0.2, cw * 0.03, cw * 0.03));
      Path2D.Double cabin = new Path2D.Double();
      double inset = cw * (0.1 + rnd.nextDouble() * 0.06);
      cabin.moveTo(x0 + inset, y0);
      cabin.lineTo(x0 + cw - inset, y0);
      cabin.lineTo(x0 + cw * 0.96, y0 + ch * 0.4);
      cabin.lineTo(x0 + cw * 0.04, y0 + ch * 0.4);
      cabin.closePath();
      g.setPaint(new GradientPaint(0, (float) y0, body.brighter(), 0, (float) (y0 + ch * 0.4), body));
      g.fill(cabin);
      Path2D.Double glass = new Path2D.Double();
      glass.moveTo(x0 + inset + cw * 0.03, y0 + ch * 0.04);
      glass.lineTo(x0 + cw - inset - cw * 0.03, y0 + ch * 0.04);
      glass.lineTo(x0 + cw * 0.9, y0 + ch * 0.34);
      glass.lineTo(x0 + cw * 0.1, y0 + ch * 0.34);
      glass.closePath();
      g.setPaint(new GradientPaint((float) x0, (float) y0, new Color(0x8090a0), (float) (x0 + cw * 0.6),
          (float) (y0 + ch * 0.34), new Color(0x1c2228)));
      g.fill(glass);
      g.setPaint(new GradientPaint(0, (float) (y0 + ch * 0.38), body, 0, (float) (y0 + ch * 0.88), body.darker()));
      g.fill(new RoundRectangle2D.Double(x0, y0 + ch * 0.36, cw, ch * 0.52, cw * 0.08, cw * 0.08));
      Color light = rear ? new Color(0xb01010 + rnd.nextInt(0x30) * 0x10000) : new Color(0xe8e8e0);
      g.setColor(light);
      double lw = cw * (0.12 + rnd.nextDouble() * 0.1);
      double ly = y0 + ch * (0.42 + rnd.nextDouble() * 0.08);
      double lh = ch * (0.07 + rnd.nextDouble() * 0.07);
      g.fill(new RoundRectangle2D.Double(x0 + cw * 0.03, ly, lw, lh, lh * 0.6, lh * 0.6));
      g.fill(new RoundRectangle2D.Double(x0 + cw * 0.97 - lw, ly, lw, lh, lh * 0.6, lh * 0.6));
      if (!rear) {
        g.setColor(new Color(0x181818));
        g.fill(new RoundRectangle2D.Double(x0 + cw * 0.3, ly, cw * 0.4, ch * 0.12, cw * 0.02, cw * 0.02));
        g.setColor(new Color(0x404040));
        for (int i = 1; i < 5; i++) {
          g.fill(new Rectangle2D.Double(x0 + cw * 0.3, ly + ch * 0.024 * i, cw * 0.4, ch * 0.006));
        }
      }
      g.setColor(rnd.nextBoolean() ? new Color(0x2a2a2a) : body.darker());
      g.fill(new RoundRectangle2D.Double(x0 + cw * 0.01, y0 + ch * 0.8, cw * 0.98, ch * 0.09, cw * 0.04, cw * 0.04));
    } finally {
      g.dispose();
    }
    return new double[] {x0 - cw * 0.05, y0, x0 + cw * 1.05, y0 + ch * 1.04};
  }

  /**
   * Paints what a plate is mounted in, around its quad: most cars hold the plate in a recess of the bumper, a dark
   * plastic holder or a dealer frame wider and taller than the plate. The label stays the plate itself, so the
   * detector learns to box the plate and not its mount (without mounts it boxed Brazilian plates a fifth too wide).
   */
  static void mount(BufferedImage frame, double[] quad, double cx, double cy, RandomGenerator rnd) {
    if (rnd.nextDouble() < 0.25) {
      return;
    }
    double sx = 1.06 + rnd.nextDouble() * 0.4;
    double sy = 1.12 + rnd.nextDouble() * 0.7;
    Path2D.Double outline = new Path2D.Double();
    for (int i = 0; i < 4; i++) {
      double x = cx + (quad[2 * i] - cx) * sx;
      double y = cy + (quad[2 * i + 1] - cy) * sy;
      if (i == 0) {
        outline.moveTo(x, y);
      } else {
        outline.lineTo(x, y);
      }
    }
    outline.closePath();
    double kind = rnd.nextDouble();
    Color c;
    if (kind < 0.5) {
      int v = 10 + rnd.nextInt(50);
      c = new Color(v, v, v);
    } else if (kind < 0.8) {
      c = Surfaces.bodyColour(rnd).darker();
    } else {
      int v = 150 + rnd.nextInt(90);
      c = new Color(v, v, Math.min(255, v + 10));
    }
    Graphics2D g = frame.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(c);
      g.fill(outline);
    } finally {
      g.dispose();
    }
  }
}
