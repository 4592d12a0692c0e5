package io.lanekeeper.synth;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.random.RandomGenerator;

/**
 * What surrounds a plate in a crop: painted car body, bumper edges, badges and stray lettering,
 * so that the OCR model learns to ignore text that is not the plate's.
 */
final class Surfaces {

  private static final Color[] BODY = {
      new Color(0xf0f0f0), new Color(0x1a1a1a), new Color(0x8c8f94), new Color(0xc2c5c8), new Color(0x9b1c1c),
      new Color(0x1d3a6b), new Color(0x2c4d2c), new Color(0x5a4632), new Color(0xd8c9a0), new Color(0x3a3a40)};
  private static final String CLUTTER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private Surfaces() {
  }

  static Color bodyColour(RandomGenerator rnd) {
    Color c = BODY[rnd.nextInt(BODY.length)];
    int j = rnd.nextInt(30) - 15;
    return new Color(Effects.c8(c.getRed() + j), Effects.c8(c.getGreen() + j), Effects.c8(c.getBlue() + j));
  }

  /** Paints a car-body patch around a plate whose box in the canvas is {@code plate} [l, t, r, b]. */
  static void bodyPatch(BufferedImage canvas, double[] plate, RandomGenerator rnd) {
    int w = canvas.getWidth();
    int h = canvas.getHeight();
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      Color body = bodyColour(rnd);
      g.setPaint(new GradientPaint(0, 0, body.brighter(), (float) (w * rnd.nextDouble()), h, body.darker()));
      g.fillRect(0, 0, w, h);
      double ph = plate[3] - plate[1];
      double pw = plate[2] - plate[0];
      if (rnd.nextDouble() < 0.6) {
        // the recess or holder the plate sits in
        g.setColor(rnd.nextBoolean() ? new Color(0x202020) : body.darker().darker());
        double m = ph * (0.05 + rnd.nextDouble() * 0.2);
        g.fill(new RoundRectangle2D.Double(plate[0] - m, plate[1] - m, pw + 2 * m, ph + 2 * m, m * 2, m * 2));
      }
      if (rnd.nextDouble() < 0.5) {
        g.setColor(new Color(20, 20, 20, 120 + rnd.nextInt(120)));
        double y = rnd.nextBoolean()
            ? plate[3] + ph * (0.2 + rnd.nextDouble() * 0.5)
            : plate[1] - ph * (0.3 + rnd.nextDouble());
        g.fill(new Rectangle2D.Double(0, y, w, ph * (0.05 + rnd.nextDouble() * 0.3)));
      }
      if (rnd.nextDouble() < 0.25) {
        stray(g, plate, rnd);
      }
    } finally {
      g.dispose();
    }
  }

  private static void stray(Graphics2D g, double[] plate, RandomGenerator rnd) {
    FontCatalog fonts = FontCatalog.installed();
    String font = fonts.available(
        java.util.List.of("DejaVuSans-Bold", "LiberationSans-Regular", "RobotoCondensed-Bold")).get(0);
    int n = 3 + rnd.nextInt(6);
    double ph = plate[3] - plate[1];
    double cap = ph * (0.12 + rnd.nextDouble() * 0.2);
    double x = plate[0] + rnd.nextDouble() * (plate[2] - plate[0]) * 0.5;
    double y = rnd.nextBoolean() ? plate[1] - ph * 0.08 : plate[3] + cap + ph * 0.08;
    g.setColor(rnd.nextBoolean() ? new Color(0xd0d0d0) : new Color(0x202020));
    for (int i = 0; i < n; i++) {
      FontCatalog.Glyph gl = fonts.glyph(font, CLUTTER.charAt(rnd.nextInt(CLUTTER.length())));
      g.fill(new AffineTransform(cap, 0, 0, cap, x, y).createTransformedShape(gl.outline()));
      x += gl.advance() * cap;
    }
  }
}
