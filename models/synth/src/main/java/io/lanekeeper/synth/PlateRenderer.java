package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateTexts.Printed;
import io.lanekeeper.plates.PlateTexts.Token;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Draws a clean plate from its profile: background, bands, captions, emblems and the characters,
 * laid out in equal cells as stamped plates are. Corners outside the plate stay transparent so
 * the plate can be warped onto anything.
 */
final class PlateRenderer {

  private final Map<String, PlateStyle.Variants> styles = new ConcurrentHashMap<>();
  private final FontCatalog fonts = FontCatalog.installed();
  /** The share of plates set in a constructed typeface whose corners are drawn tighter ({@code --corner-radius}). */
  private final double cornerShare;
  /** The share of plates set in a constructed typeface drawn with other forms of I, 1 and M ({@code --alt-glyphs}). */
  private final double altShare;
  /** The sets of characters drawn in their other forms ({@link StrokeFont#ALT_STROKES}), each alike often. */
  static final String[] ALTERNATES = {"I", "1", "M", "I1", "IM", "1M", "I1M"};
  /** The colour of a one-colour emblem (Mercosur waves) whose profile gives none. */
  private static final Color EMBLEM_COLOR = new Color(0xffcc00);

  PlateRenderer() {
    this(0, 0);
  }

  /**
   * {@code cornerShare}: the share of plates in a constructed typeface drawn with tighter corners; {@code altShare}:
   * the share drawn with some of the other forms of I, 1 and M ({@link StrokeFont#ALT_STROKES}).
   */
  PlateRenderer(double cornerShare, double altShare) {
    this.cornerShare = cornerShare;
    this.altShare = altShare;
  }

  /** A rendered plate and what it says. */
  record Rendered(BufferedImage image, Printed text, PlateProfile profile) {
  }

  Rendered render(PlateProfile p, Printed text, int widthPx, RandomGenerator rnd) {
    return render(p, text, widthPx, rnd, rnd);
  }

  /**
   * The plate, its other glyph forms ({@code altShare}) drawn from {@code glyphRnd} alone: a stream of its own leaves
   * every other draw of the plate and of what follows it as it is without them, so that only the glyphs change.
   */
  Rendered render(PlateProfile p, Printed text, int widthPx, RandomGenerator rnd, RandomGenerator glyphRnd) {
    PlateStyle s = styles.computeIfAbsent(p.id(), k -> PlateStyle.of(p)).pick(rnd);
    double k = widthPx / p.widthMm();
    int w = widthPx;
    int h = Math.max(8, (int) Math.round(p.heightMm() * k));
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      double r = s.radiusMm() * k * 2;
      RoundRectangle2D shape = new RoundRectangle2D.Double(0, 0, w, h, r, r);
      Color bg = s.plateColors().get(rnd.nextInt(s.plateColors().size()));
      g.setPaint(s.gradient() == null ? bg : new GradientPaint(0, 0, s.gradient()[0], 0, h, s.gradient()[1]));
      g.fill(shape);
      g.clip(shape);
      for (PlateStyle.Area a : s.rects()) {
        g.setColor(a.color());
        g.fill(new java.awt.geom.Rectangle2D.Double(a.box()[0] * k, a.box()[1] * k,
            (a.box()[2] - a.box()[0]) * k, (a.box()[3] - a.box()[1]) * k));
      }
      for (PlateStyle.Emblem e : s.emblems()) {
        if (!Emblems.overlay(e.type()) && e.drawn(rnd)) {
          Emblems.draw(g, e, scaled(e.box(), k), EMBLEM_COLOR, null, rnd);
        }
      }
      if (s.border() != null) {
        double bw = Math.max(1, s.border().widthMm() * k);
        double in = s.border().insetMm() * k + bw / 2;
        g.setColor(s.border().color());
        g.setStroke(new BasicStroke((float) bw));
        g.draw(new RoundRectangle2D.Double(in, in, w - 2 * in, h - 2 * in, Math.max(0, r - in), Math.max(0, r - in)));
      }
      // labels and characters stay clear of the corners; filling through a shape clip is slow
      g.setClip(null);
      for (PlateStyle.Label l : s.labels()) {
        String t = l.texts().get(rnd.nextInt(l.texts().size()));
        String font = l.fonts().get(rnd.nextInt(l.fonts().size()));
        drawFitted(g, t, font, l.fonts(), scaled(l.box(), k), l.color());
      }
      String font = s.fonts().get(rnd.nextInt(s.fonts().size()));
      // no draw from rnd unless asked for: the draws without it stay what they were
      if (cornerShare > 0 && StrokeFont.has(font) && rnd.nextDouble() < cornerShare) {
        font = StrokeFont.tighter(font, StrokeFont.CORNER_FACTORS[rnd.nextInt(StrokeFont.CORNER_FACTORS.length)]);
      }
      if (altShare > 0 && StrokeFont.has(font) && glyphRnd.nextDouble() < altShare) {
        font = StrokeFont.withAlternates(font, ALTERNATES[glyphRnd.nextInt(ALTERNATES.length)]);
      }
      double stretch = s.stretchMin() + rnd.nextDouble() * (s.stretchMax() - s.stretchMin());
      double heightJitter = 0.95 + rnd.nextDouble() * 0.05;
      g.setColor(s.textColor());
      for (int i = 0; i < text.rows().size(); i++) {
        drawRow(g, text.rows().get(i), s.rows().get(i), k, font, stretch, heightJitter, s, rnd);
      }
      // frames lie over everything, the plate's edge included, but stay off the characters
      for (PlateStyle.Emblem e : s.emblems()) {
        if (Emblems.overlay(e.type()) && e.drawn(rnd)) {
          g.setClip(shape);
          Emblems.draw(g, e, scaled(e.box(), k), EMBLEM_COLOR, rowsBox(s, text.rows().size(), k), rnd);
          g.setClip(null);
        }
      }
    } finally {
      g.dispose();
    }
    return new Rendered(img, text, p);
  }

  /** The box around the rows' boxes, px. */
  private static double[] rowsBox(PlateStyle s, int rows, double k) {
    double[] out = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; i < rows; i++) {
      double[] b = scaled(s.rows().get(i).box(), k);
      out[0] = Math.min(out[0], b[0]);
      out[1] = Math.min(out[1], b[1]);
      out[2] = Math.max(out[2], b[2]);
      out[3] = Math.max(out[3], b[3]);
    }
    return out;
  }

  private void drawRow(Graphics2D g, List<Token> tokens, PlateStyle.RowBox row, double k, String font,
                       double stretch, double heightJitter, PlateStyle s, RandomGenerator rnd) {
    double[] b = scaled(row.box(), k);
    double capH = (b[3] - b[1]) * heightJitter;
    double cell = fonts.glyph(font, '0').advance();
    double units = 0;
    for (Token t : tokens) {
      units += tokenUnits(t, cell, row);
    }
    double sx = stretch;
    double boxW = b[2] - b[0];
    if (units * capH * sx > boxW) {
      sx = boxW / (units * capH);
    }
    double x = b[0] + (boxW - units * capH * sx) / 2;
    double baseline = b[3] - (b[3] - b[1] - capH) / 2;
    for (Token t : tokens) {
      double tw = tokenUnits(t, cell, row) * capH * sx;
      PlateStyle.Emblem emblem = t.literal() ? s.glyphEmblems().get(t.chars().charAt(0)) : null;
      if (emblem != null) {
        Color c = g.getColor();
        if (emblem.drawn(rnd)) {
          double[] cellBox = {x + tw * 0.18, baseline - capH * 0.92, x + tw * 0.82, baseline - capH * 0.08};
          Emblems.draw(g, emblem, cellBox, c, null, rnd);
        }
        g.setColor(c);
      } else if (!t.chars().isBlank()) {
        double scale = t.choice() ? row.choiceScale() : 1.0;
        double h = capH * scale;
        double base = baseline;
        if (t.choice() && scale < 1) {
          base = switch (row.choiceAlign()) {
            case "top" -> baseline - capH + h;
            case "middle" -> baseline - (capH - h) / 2;
            default -> baseline;
          };
        }
        double cw = tw / t.chars().length();
        for (int i = 0; i < t.chars().length(); i++) {
          FontCatalog.Glyph gl = fonts.glyph(font, t.chars().charAt(i), s.fonts());
          // wide glyphs (M, W) are squeezed into their cell rather than touching their neighbours
          double gsx = Math.min(sx, cw * 0.92 / Math.max(1e-6, gl.bounds().getWidth() * h));
          double gx = x + cw * i + cw / 2 - (gl.bounds().getCenterX() * h * gsx);
          AffineTransform at = new AffineTransform(h * gsx, 0, 0, h, gx, base);
          g.fill(at.createTransformedShape(gl.outline()));
        }
      }
      x += tw;
    }
  }

  private static double tokenUnits(Token t, double cell, PlateStyle.RowBox row) {
    if (t.literal()) {
      return switch (t.chars().charAt(0)) {
        case ' ' -> cell * 0.55;
        case '-', '\u00b7' -> cell * 0.6;
        default -> cell * 0.9;
      };
    }
    double n = t.chars().length();
    return t.choice() ? n * cell * row.choiceScale() + cell * 0.15 : cell * 1.08;
  }

  /**
   * Draws {@code t} in box b (px) with cap height the box's height, centred, squeezed to fit its width; characters
   * {@code font} lacks come from {@code others} or {@link FontCatalog#FALLBACK}.
   */
  static void drawFitted(Graphics2D g, String t, String font, List<String> others, double[] b, Color c) {
    FontCatalog fonts = FontCatalog.installed();
    double capH = b[3] - b[1];
    double units = 0;
    for (int i = 0; i < t.length(); i++) {
      units += fonts.glyph(font, t.charAt(i), others).advance();
    }
    double sx = Math.min(1.0, (b[2] - b[0]) / (units * capH));
    double x = b[0] + ((b[2] - b[0]) - units * capH * sx) / 2;
    g.setColor(c);
    for (int i = 0; i < t.length(); i++) {
      FontCatalog.Glyph gl = fonts.glyph(font, t.charAt(i), others);
      AffineTransform at = new AffineTransform(capH * sx, 0, 0, capH, x, b[3]);
      g.fill(at.createTransformedShape(gl.outline()));
      x += gl.advance() * capH * sx;
    }
  }

  private static double[] scaled(double[] box, double k) {
    return new double[] {box[0] * k, box[1] * k, box[2] * k, box[3] * k};
  }
}
