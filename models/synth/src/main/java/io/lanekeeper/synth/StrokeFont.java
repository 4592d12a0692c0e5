package io.lanekeeper.synth;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Constructed plate typefaces, drawn by the project rather than read from a font file: every glyph is a few
 * centre lines of one stroke width, straight segments joined at corners that are sharp or rounded with one
 * radius. Plate typefaces are built this way (Brazil's Mandatory, DIN 1451, the US highway gothics): the letters
 * are rounded rectangles and bars, so the O is a rectangle with four round corners while the D keeps two square
 * ones, and no installed sans draws them so. The gothic family has three weights ({@link #NAMES}); the glyph shapes
 * are the same, the stroke and corner radius grow with the weight. A second family, {@code LK-PlateFE-} in two
 * weights, is monospaced and changes the glyphs that the forgery-impeding plate typeface changes ({@link #FE_STROKES}).
 *
 * <p>Coordinates: each glyph's centre lines are given in a unit box (u right, v up, 0..1), mapped onto the glyph's
 * ink box less half a stroke on each side; strokes have square ends and the ink is cut to the ink box, so a stroke
 * that ends on the box's edge reaches it and diagonals end flat on the cap line and the baseline. A point ending
 * in {@code r} is a rounded corner. Outlines come back in the {@link FontCatalog.Glyph} convention: cap height 1,
 * baseline at y = 0, y down.
 */
final class StrokeFont {

  /** Built-in font names: stroke width and corner radius as fractions of the cap height. */
  static final Map<String, double[]> NAMES = Map.of(
      "LK-PlateGothic-Regular", new double[] {0.125, 0.19},
      "LK-PlateGothic-Bold", new double[] {0.155, 0.23},
      "LK-PlateGothic-Heavy", new double[] {0.185, 0.27},
      "LK-PlateFE-Regular", new double[] {0.12, 0.2},
      "LK-PlateFE-Bold", new double[] {0.145, 0.22});

  /** The monospaced family's name prefix: {@link #FE_STROKES} replace the gothic's glyphs where they differ. */
  static final String FE = "LK-PlateFE-";

  /**
   * The FE family's cell widths (fractions of the cap height): the forgery-impeding plate typeface of Germany
   * (FE-Schrift, 1980), also on Argentina's black plates of 1995-2016, the Mercosur plates and several other
   * countries' (the profiles that name it), sets every letter in one cell of 47.5 mm and every digit in one of
   * 44.5 mm for characters 75 mm tall, so M and W are squeezed and I and 1 stand in the middle of a full cell.
   */
  private static final double FE_LETTER = 47.5 / 75;
  private static final double FE_DIGIT = 44.5 / 75;

  /** Ink width per character as a fraction of the cap height (letters default to 0.62, digits to 0.56). */
  private static final Map<Character, Double> WIDTH = Map.ofEntries(
      Map.entry('I', 0.0), Map.entry('1', 0.0), Map.entry('M', 0.78), Map.entry('W', 0.84), Map.entry('O', 0.66),
      Map.entry('Q', 0.66), Map.entry('0', 0.56), Map.entry('J', 0.56), Map.entry('L', 0.56), Map.entry('E', 0.56),
      Map.entry('F', 0.56), Map.entry('-', 0.4), Map.entry('\u00b7', 0.0), Map.entry(' ', 0.0));

  /** Space between glyphs, as a fraction of the cap height. */
  private static final double SIDE = 0.08;

  /** Centre lines: strokes separated by {@code |}, points by spaces, {@code u,v} or {@code u,vr} (rounded). */
  private static final Map<Character, String> STROKES = Map.ofEntries(
      Map.entry('A', "0,0 0.36,1 0.64,1 1,0 | 0.16,0.34 0.84,0.34"),
      Map.entry('B', "0,0 0,1 | 0,1 0.9,1r 0.9,0.53r 0,0.53 | 0,0.53 1,0.53r 1,0r 0,0"),
      Map.entry('C', "1,0.75 1,1r 0,1r 0,0r 1,0r 1,0.25"),
      Map.entry('D', "0,0 1,0r 1,1r 0,1 0,0"),
      Map.entry('E', "1,1 0,1 0,0 1,0 | 0,0.52 0.86,0.52"),
      Map.entry('F', "1,1 0,1 0,0 | 0,0.52 0.86,0.52"),
      Map.entry('G', "1,0.75 1,1r 0,1r 0,0r 1,0r 1,0.46 0.5,0.46"),
      Map.entry('H', "0,0 0,1 | 1,0 1,1 | 0,0.52 1,0.52"),
      Map.entry('I', "0.5,0 0.5,1"),
      Map.entry('J', "1,1 1,0r 0,0r 0,0.28"),
      Map.entry('K', "0,0 0,1 | 1,1 0.02,0.42 | 0.36,0.66 1,0"),
      Map.entry('L', "0,1 0,0 1,0"),
      Map.entry('M', "0,0 0,1 0.5,0.38 1,1 1,0"),
      Map.entry('N', "0,0 0,1 1,0 1,1"),
      Map.entry('O', "0,0r 1,0r 1,1r 0,1r 0,0r"),
      Map.entry('P', "0,0 0,1 1,1r 1,0.46r 0,0.46"),
      Map.entry('Q', "0,0r 1,0r 1,1r 0,1r 0,0r | 0.58,0.3 1.04,-0.06"),
      Map.entry('R', "0,0 0,1 1,1r 1,0.5r 0,0.5 | 0.5,0.5 1,0"),
      Map.entry('S', "1,0.78 1,1r 0,1r 0,0.53r 1,0.53r 1,0r 0,0r 0,0.22"),
      Map.entry('T', "0,1 1,1 | 0.5,1 0.5,0"),
      Map.entry('U', "0,1 0,0r 1,0r 1,1"),
      Map.entry('V', "0,1 0.5,0 1,1"),
      Map.entry('W', "0,1 0.24,0 0.5,0.7 0.76,0 1,1"),
      Map.entry('X', "0,1 1,0 | 1,1 0,0"),
      Map.entry('Y', "0,1 0.5,0.48 1,1 | 0.5,0.48 0.5,0"),
      Map.entry('Z', "0,1 1,1 0,0 1,0"),
      Map.entry('0', "0,0r 1,0r 1,1r 0,1r 0,0r"),
      Map.entry('1', "0.5,0 0.5,1"),
      Map.entry('2', "0,0.75 0,1r 1,1r 1,0.58r 0,0.2r 0,0 1,0"),
      Map.entry('3', "0,0.78 0,1r 1,1r 1,0.53r 0.3,0.53 | 0.3,0.53 1,0.53r 1,0r 0,0r 0,0.22"),
      Map.entry('4', "0.72,0 0.72,1 0,0.3 1,0.3"),
      Map.entry('5', "1,1 0,1 0,0.58 1,0.58r 1,0r 0,0r 0,0.2"),
      Map.entry('6', "1,0.78 1,1r 0,1r 0,0r 1,0r 1,0.56r 0,0.56"),
      Map.entry('7', "0,1 1,1 0.3,0"),
      Map.entry('8', "0.05,0.53r 0.95,0.53r 0.95,1r 0.05,1r 0.05,0.53r | 0,0r 1,0r 1,0.53r 0,0.53r 0,0r"),
      Map.entry('9', "0,0.22 0,0r 1,0r 1,1r 0,1r 0,0.44r 1,0.44"),
      Map.entry('-', "0,0.45 1,0.45"),
      Map.entry('\u00b7', "0.5,0.5 0.5,0.5"));

  /**
   * Where the FE family's glyphs differ from the gothic's, the shapes that make one character hard to paint into
   * another: the letter O round and wider than the digit 0 (which keeps straight sides), a flat-topped 3 that cannot
   * become an 8, a P whose bowl stops short of the stem, 6 and 9 with straight diagonal tails, an 8 whose upper loop
   * is narrower than the lower, a 1 with a long flag; the squeezed W stands on two short feet.
   */
  private static final Map<Character, String> FE_STROKES = Map.ofEntries(
      Map.entry('O', "0.3,0r 0.7,0r 1,0.25r 1,0.75r 0.7,1r 0.3,1r 0,0.75r 0,0.25r 0.3,0r"),
      Map.entry('Q', "0.3,0r 0.7,0r 1,0.25r 1,0.75r 0.7,1r 0.3,1r 0,0.75r 0,0.25r 0.3,0r | 0.6,0.3 1.04,-0.06"),
      Map.entry('3', "0,1 1,1 0.36,0.6 | 0.36,0.6 1,0.6r 1,0r 0,0r 0,0.2"),
      Map.entry('P', "0,0 0,1 1,1r 1,0.44r 0.42,0.44"),
      Map.entry('6', "0.85,1 0.02,0.42 | 0,0.56r 1,0.56r 1,0r 0,0r 0,0.56r"),
      Map.entry('9', "0.15,0 0.98,0.58 | 0,0.44r 1,0.44r 1,1r 0,1r 0,0.44r"),
      Map.entry('8', "0.1,0.56r 0.9,0.56r 0.9,1r 0.1,1r 0.1,0.56r | 0,0r 1,0r 1,0.56r 0,0.56r 0,0r"),
      Map.entry('1', "0.15,0.7 0.62,1 0.62,0"),
      Map.entry('W', "0,1 0.2,0 0.3,0 0.5,0.66 0.7,0 0.8,0 1,1"));

  /**
   * Other forms that plate typefaces of the world give three characters ({@link #withAlternates}): an I with slab
   * serifs (Argentina's black plates of 1995-2016 tell it from the 1 so, as do many older dies), a 1 standing on a
   * foot (many US and Asian dies), an M whose middle reaches the baseline. A reader that saw only the bar I reads a
   * serifed one as T, and only the pointed M, a deep one as W. Each keeps its cell (the FE family's) or takes the
   * width given here (the gothic's, whose I and 1 are bars).
   */
  static final Map<Character, String> ALT_STROKES = Map.of(
      'I', "0.15,1 0.85,1 | 0.5,1 0.5,0 | 0.15,0 0.85,0",
      '1', "0.1,0.7 0.55,1 0.55,0 | 0.1,0 0.95,0",
      'M', "0,0 0,1 0.5,0.12 1,1 1,0");
  private static final Map<Character, Double> ALT_WIDTH = Map.of('I', 0.5, '1', 0.46, 'M', 0.84);
  /** Marks a weight's alternate forms in its name ({@link #withAlternates}). */
  private static final char ALT_MARK = '#';

  private StrokeFont() {
  }

  static boolean has(String name) {
    return NAMES.containsKey(base(name));
  }

  /**
   * The corner radii a drawn plate's constructed typeface may take instead of its weight's own, as factors of it
   * ({@link #tighter}): real plate typefaces of one family differ in how round their corners are (Brazil's
   * Mandatory O is a rectangle with a nearly square counter, the gothic's a rounder one), and a reader that learned
   * one roundness tells O from D, and 6 from 8, by it rather than by which corners are round.
   */
  static final double[] CORNER_FACTORS = {0.35, 0.5, 0.65, 0.8};

  /** The named weight with its corner radius scaled by {@code factor}: {@code LK-PlateGothic-Bold@0.5}. */
  static String tighter(String name, double factor) {
    String alt = alternates(name);
    return base(name) + "@" + factor + (alt.isEmpty() ? "" : ALT_MARK + alt);
  }

  /**
   * The named weight (a corner factor kept) with the {@link #ALT_STROKES} forms of {@code chars}:
   * {@code LK-PlateFE-Bold#IM}. Characters without another form are ignored; none gives the name back.
   */
  static String withAlternates(String name, String chars) {
    StringBuilder kept = new StringBuilder();
    for (char c : chars.toCharArray()) {
      if (ALT_STROKES.containsKey(c) && kept.indexOf(String.valueOf(c)) < 0) {
        kept.append(c);
      }
    }
    String plain = withoutAlternates(name);
    return kept.isEmpty() ? plain : plain + ALT_MARK + kept;
  }

  /** The characters a name draws in their {@link #ALT_STROKES} forms ({@link #withAlternates}), empty for none. */
  static String alternates(String name) {
    int at = name.indexOf(ALT_MARK);
    return at < 0 ? "" : name.substring(at + 1);
  }

  private static String withoutAlternates(String name) {
    int at = name.indexOf(ALT_MARK);
    return at < 0 ? name : name.substring(0, at);
  }

  /** The weight's name without a corner factor ({@link #tighter}) or alternate forms ({@link #withAlternates}). */
  private static String base(String name) {
    String n = withoutAlternates(name);
    int at = n.indexOf('@');
    return at < 0 ? n : n.substring(0, at);
  }

  /** The corner factor of a name ({@link #tighter}), 1 without one. */
  private static double cornerFactor(String name) {
    String n = withoutAlternates(name);
    int at = n.indexOf('@');
    return at < 0 ? 1 : Double.parseDouble(n.substring(at + 1));
  }

  /** Whether the family draws {@code c}: the 36 letters and digits (either case), the dash and the middle dot. */
  static boolean canDisplay(char c) {
    return STROKES.containsKey(Character.toUpperCase(c));
  }

  /** The glyph of {@code c} in the named weight; characters the family lacks come back as an empty outline. */
  static FontCatalog.Glyph glyph(String name, char c) {
    double[] w = NAMES.get(base(name));
    double stroke = w[0];
    double radius = w[1] * cornerFactor(name);
    char k = Character.toUpperCase(c);
    boolean fe = name.startsWith(FE);
    boolean alt = alternates(name).indexOf(k) >= 0;
    double width = fe ? feWidth(k)
        : alt ? ALT_WIDTH.get(k) : WIDTH.getOrDefault(k, Character.isDigit(k) ? 0.56 : 0.62);
    String spec = alt ? ALT_STROKES.get(k) : fe ? FE_STROKES.getOrDefault(k, STROKES.get(k)) : STROKES.get(k);
    Area ink = new Area();
    if (spec != null) {
      // the centre lines' box: the ink box less half a stroke on each side
      double x0 = stroke / 2;
      double innerW = Math.max(0, width - stroke);
      double y0 = stroke / 2;
      double innerH = 1 - stroke;
      // square caps: a stroke that ends on the box's edge reaches the ink box's edge
      // (the deep M's joins are sharper than any other glyph's: a lower limit would bevel its top below the cap line)
      BasicStroke pen = new BasicStroke((float) stroke, BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER, alt ? 12f : 5f);
      for (String part : spec.split("\\|")) {
        List<double[]> pts = new ArrayList<>();
        for (String p : part.trim().split("\\s+")) {
          boolean round = p.endsWith("r");
          String[] uv = (round ? p.substring(0, p.length() - 1) : p).split(",");
          double x = x0 + Double.parseDouble(uv[0]) * innerW;
          double y = -(y0 + Double.parseDouble(uv[1]) * innerH);   // y down, baseline at 0
          pts.add(new double[] {x, y, round ? 1 : 0});
        }
        if (pts.size() == 2 && pts.get(0)[0] == pts.get(1)[0] && pts.get(0)[1] == pts.get(1)[1]) {
          double d = stroke * 1.1;   // a dot: a square of a little more than the stroke
          ink.add(new Area(new Rectangle2D.Double(pts.get(0)[0] - d / 2, pts.get(0)[1] - d / 2, d, d)));
          continue;
        }
        ink.add(new Area(pen.createStrokedShape(roundedPath(pts, radius))));
      }
    }
    // cut to the ink box: diagonals end flat on the cap line and the baseline (Q's tail may hang below it)
    double inkW = Math.max(width, stroke);
    Rectangle2D clip = new Rectangle2D.Double(0, -1, inkW + (k == 'Q' ? 0.06 : 0), k == 'Q' ? 1.1 : 1);
    ink.intersect(new Area(clip));
    Shape outline = ink;
    // Area may leave a zero-area spike of a miter outside the clip: it draws nothing, but counts in its bounds
    Rectangle2D bounds = ink.isEmpty() ? new Rectangle2D.Double(0, -1, width, 1)
        : ink.getBounds2D().createIntersection(clip);
    return new FontCatalog.Glyph(outline, bounds, inkW + SIDE);
  }

  /** The FE family's cell: one width for every letter, one for every digit, the separators as the gothic's. */
  private static double feWidth(char k) {
    if (Character.isDigit(k)) {
      return FE_DIGIT;
    }
    return Character.isLetter(k) ? FE_LETTER : WIDTH.getOrDefault(k, 0.4);
  }

  /**
   * A polyline whose points marked round are replaced by a corner curve of the given radius (shrunk where the
   * neighbouring segments are too short for it). A polyline that ends where it starts is closed, its first point's
   * corner rounded too when marked.
   */
  static Path2D roundedPath(List<double[]> pts, double radius) {
    int n = pts.size();
    double[] first = pts.get(0);
    double[] last = pts.get(n - 1);
    boolean closed = n > 2 && Math.abs(first[0] - last[0]) < 1e-9 && Math.abs(first[1] - last[1]) < 1e-9;
    List<double[]> p = closed ? pts.subList(0, n - 1) : pts;
    int m = p.size();
    Path2D path = new Path2D.Double();
    boolean started = false;
    double[] startPoint = null;
    for (int i = 0; i < m; i++) {
      double[] cur = p.get(i);
      boolean hasNeighbours = closed || (i > 0 && i < m - 1);
      if (cur[2] == 0 || !hasNeighbours) {
        if (!started) {
          path.moveTo(cur[0], cur[1]);
          started = true;
          startPoint = cur;
        } else {
          path.lineTo(cur[0], cur[1]);
        }
        continue;
      }
      double[] prev = p.get((i - 1 + m) % m);
      double[] next = p.get((i + 1) % m);
      double l1 = Math.hypot(prev[0] - cur[0], prev[1] - cur[1]);
      double l2 = Math.hypot(next[0] - cur[0], next[1] - cur[1]);
      double t = Math.min(radius, Math.min(l1, l2) / 2);
      double ax = cur[0] + (prev[0] - cur[0]) / l1 * t;
      double ay = cur[1] + (prev[1] - cur[1]) / l1 * t;
      double bx = cur[0] + (next[0] - cur[0]) / l2 * t;
      double by = cur[1] + (next[1] - cur[1]) / l2 * t;
      if (!started) {
        path.moveTo(ax, ay);
        started = true;
        startPoint = new double[] {ax, ay};
      } else {
        path.lineTo(ax, ay);
      }
      double k = 0.5523;   // a quarter circle's cubic for a right angle; close enough for the others
      path.curveTo(ax + (cur[0] - ax) * k, ay + (cur[1] - ay) * k,
          bx + (cur[0] - bx) * k, by + (cur[1] - by) * k, bx, by);
    }
    if (closed) {
      path.lineTo(startPoint[0], startPoint[1]);
      path.closePath();
    }
    return path;
  }
}
