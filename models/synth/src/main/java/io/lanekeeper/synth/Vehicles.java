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

  /** Lettering a car carries that is not its plate: makes, models, engine and trim marks. */
  private static final String[] BADGE_WORDS = {"1.6", "2.0", "1.0", "TDI", "GT", "16V", "Flex", "Turbo", "Sport",
      "HYBRID", "4x4", "AUTO", "Plus", "Limited", "XLE", "LX", "Diesel", "AWD", "V6"};
  private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final java.util.List<String> BADGE_FONTS = java.util.List.of("DejaVuSans-Bold",
      "LiberationSans-Regular", "RobotoCondensed-Bold", "LiberationSans-Bold", "DejaVuSansCondensed-Bold");

  /**
   * Paints lettering on the car whose plate is {@code pw} x {@code ph} px at (px, py), never on the plate or its
   * mount: a make or model name (a made-up word, upright or slanted, chrome or dark) on the boot lid above the plate
   * or beside it, a trim or engine mark ({@code 1.6}, {@code TDI}), or a sticker with words on the rear glass. Hard
   * negatives for the detector: text at a plate's size on a car that is not a plate ({@code anpr synth --badges}).
   */
  static void badges(BufferedImage frame, double px, double py, double pw, double ph, double cw,
                     RandomGenerator rnd) {
    FontCatalog fonts = FontCatalog.installed();
    java.util.List<String> installed = fonts.available(BADGE_FONTS);
    if (installed.isEmpty()) {
      return;
    }
    Graphics2D g = frame.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      int n = 1 + rnd.nextInt(2);
      for (int i = 0; i < n; i++) {
        String font = installed.get(rnd.nextInt(installed.size()));
        String text = badgeText(rnd);
        double cap = ph * (0.25 + rnd.nextDouble() * 0.45);
        double slant = rnd.nextDouble() < 0.4 ? -0.25 : 0;
        double width = 0;
        for (int k = 0; k < text.length(); k++) {
          width += fonts.glyph(font, text.charAt(k), BADGE_FONTS).advance() * cap;
        }
        double where = rnd.nextDouble();
        double x;
        double y;   // the baseline
        if (where < 0.5) {   // the boot lid or grille above the plate, clear of its mount
          x = px - width / 2 + (rnd.nextDouble() - 0.5) * cw * 0.5;
          y = py - ph * (1.1 + rnd.nextDouble() * 1.2);
        } else if (where < 0.85) {   // beside the plate, left or right
          boolean left = rnd.nextBoolean();
          x = left ? px - pw * 0.8 - width - rnd.nextDouble() * cw * 0.1 : px + pw * 0.8 + rnd.nextDouble() * cw * 0.1;
          y = py - ph * (0.2 + rnd.nextDouble() * 0.8);
        } else {   // a sticker on the rear glass
          x = px - width / 2 + (rnd.nextDouble() - 0.5) * cw * 0.4;
          y = py - cw * (0.5 + rnd.nextDouble() * 0.15);
          g.setColor(rnd.nextBoolean() ? new Color(0xf0f0f0) : new Color(0x1c1c1c));
          g.fill(new RoundRectangle2D.Double(x - cap * 0.3, y - cap * 1.2, width + cap * 0.6, cap * 1.5, cap * 0.3,
              cap * 0.3));
        }
        int v = rnd.nextDouble() < 0.6 ? 200 + rnd.nextInt(50) : 20 + rnd.nextInt(40);   // chrome or dark
        Color ink = new Color(v, v, Math.min(255, v + rnd.nextInt(10)));
        for (int k = 0; k < text.length(); k++) {
          FontCatalog.Glyph gl = fonts.glyph(font, text.charAt(k), BADGE_FONTS);
          java.awt.Shape shape = new java.awt.geom.AffineTransform(cap, 0, slant * cap, cap, x, y)
              .createTransformedShape(gl.outline());
          if (ink.getRed() > 128) {   // chrome: a dark edge under the light letters
            g.setColor(new Color(40, 40, 40, 160));
            g.fill(java.awt.geom.AffineTransform.getTranslateInstance(cap * 0.04, cap * 0.04)
                .createTransformedShape(shape));
          }
          g.setColor(ink);
          g.fill(shape);
          x += gl.advance() * cap;
        }
      }
    } finally {
      g.dispose();
    }
  }

  /** A badge's text: a made-up make or model word (a capital and small letters, or all capitals), or a trim mark. */
  private static String badgeText(RandomGenerator rnd) {
    if (rnd.nextDouble() < 0.3) {
      return BADGE_WORDS[rnd.nextInt(BADGE_WORDS.length)];
    }
    int len = 4 + rnd.nextInt(5);
    boolean capitals = rnd.nextBoolean();
    StringBuilder b = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      char c = LETTERS.charAt(rnd.nextInt(LETTERS.length()));
      b.append(capitals || i == 0 ? c : Character.toLowerCase(c));
    }
    return b.toString();
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
