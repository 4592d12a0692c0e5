package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateText;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The small pictures on plates (flags, EU stars, seals, coats of arms, stickers, screws, dealer frames). They
 * only need to look right at 20 to 60 pixels: their job is to teach the models what is not a character, so they
 * look like the real thing and vary from plate to plate (charges, crowns, sticker numbers, dealer names).
 */
final class Emblems {

  /** The emblem types a profile may name, in {@code render.emblems[].type} or {@code render.glyphs}. */
  static final List<String> TYPES = List.of("eu-stars", "screws", "stickers", "scenery", "waves", "mercosur",
      "br-flag", "hr-shield", "de-seals", "fl-orange", "shield", "round-sticker", "flag", "dealer-frame",
      "year-sticker");

  /** Heraldic colours (tinctures) of a shield's field when the profile gives none. */
  private static final Color[] TINCTURES = {new Color(0xc8102e), new Color(0x0b3d91), new Color(0x1e7b34),
      new Color(0x141414), new Color(0xd4a017), new Color(0x6b2d83)};
  private static final Color ARGENT = new Color(0xf4f4f2);
  private static final Color OR = new Color(0xf1bf1a);
  /** Ring colours of German inspection stickers (they change by year) and of other countries' seals. */
  private static final Color[] INSPECTION = {new Color(0xf08a1c), new Color(0x3a7bd5), new Color(0xf5d000),
      new Color(0x8b5a2b), new Color(0xf4a6c0), new Color(0x3aa655), new Color(0xd52b1e)};
  private static final Color[] SEAL = {new Color(0xe8e8e4), new Color(0xd9d2b8), new Color(0xc9d6e8),
      new Color(0xf0e0a0)};
  private static final Color[] FRAME_DARK = {new Color(0x111111), new Color(0x1c1c1c), new Color(0x2b2b2b),
      new Color(0x0d1b3d), new Color(0x3b0d0d)};
  private static final Color[] LETTERING_ON_DARK = {new Color(0xf0f0f0), new Color(0xd0d0d0), new Color(0xe6c15a),
      new Color(0xd83030)};
  private static final Color[] LETTERING_ON_CHROME = {new Color(0x111111), new Color(0x0d2a6b), new Color(0x8b0000)};

  private static final String[] BRANDS = {"FORD", "TOYOTA", "HONDA", "CHEVROLET", "NISSAN", "KIA", "HYUNDAI",
      "VOLKSWAGEN", "VW", "BMW", "AUDI", "MERCEDES-BENZ", "OPEL", "RENAULT", "PEUGEOT", "SKODA", "FIAT", "DACIA",
      "MAZDA", "SUBARU", "JEEP", "DODGE", "CHRYSLER", "BUICK", "GMC", "LEXUS", "VOLVO", "SEAT", "CITROËN"};
  private static final String[] SURNAMES = {"MÜLLER", "SCHMIDT", "SCHNEIDER", "FISCHER", "WEBER", "BECKER",
      "SMITH", "JOHNSON", "WILLIAMS", "BROWN", "JONES", "MILLER", "DAVIS", "GARCIA", "MARTINEZ", "SILVA", "SANTOS",
      "OLIVEIRA", "ROSSI", "BIANCHI", "NOVAK", "HORVAT", "KOVAČ", "POPESCU", "IONESCU", "NOWAK", "DUBOIS", "MARTIN",
      "JANSEN", "PETERS", "O'BRIEN", "MURPHY", "NIELSEN", "ANDERSSON", "PEREIRA", "HOFFMANN"};
  private static final String[] PLACES = {"SPRINGFIELD", "RIVERSIDE", "FAIRVIEW", "MADISON", "GEORGETOWN",
      "FRANKLIN", "MÜNCHEN", "KÖLN", "HAMBURG", "BERLIN", "ZAGREB", "SPLIT", "CLUJ", "BRAȘOV", "SÃO PAULO",
      "CAMPINAS", "AUSTIN", "DALLAS", "ORLANDO", "TAMPA", "ALBANY", "SACRAMENTO", "BUFFALO", "ERIE"};
  private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
      "NOV", "DEC"};
  private static final String[] COUNTIES = {"COOK", "KING", "DADE", "ERIE", "KENT", "LAKE", "POLK", "HARRIS",
      "ORANGE", "WAYNE", "MARION", "CLARK", "DALLAS", "BEXAR", "PIMA"};
  /** The narrow lettering of stickers and frames; characters it lacks come from {@link FontCatalog#FALLBACK}. */
  private static final String LETTERING = "DejaVuSansCondensed-Bold";

  private Emblems() {
  }

  /** Whether the type is drawn over the whole plate after its characters (a frame), rather than under them. */
  static boolean overlay(String type) {
    return type.equals("dealer-frame");
  }

  /**
   * Draws an emblem into box [l, t, r, b] px.
   *
   * @param fallback the colour of a one-colour emblem whose profile gives none
   * @param clear where the characters are, px (a frame stays off them), or null
   * @param rnd the plate's random stream (omissions and variation); null draws a fixed variant, never omitted
   */
  static void draw(Graphics2D g, PlateStyle.Emblem e, double[] b, Color fallback, double[] clear,
                   RandomGenerator rnd) {
    RandomGenerator r = rnd != null ? rnd : new SplittableRandom(e.type().hashCode());
    Graphics2D g2 = (Graphics2D) g.create();
    try {
      switch (e.type()) {
        case "shield" -> shield(g2, b, e.color(0, e.color() != null ? e.color() : pick(r, TINCTURES)),
            e.colors().size() > 1 ? e.colors().get(1) : null, r);
        case "round-sticker" -> roundSticker(g2, b, e, r);
        case "flag" -> flag(g2, b, e, r);
        case "dealer-frame" -> dealerFrame(g2, b, clear, e, r);
        case "year-sticker" -> yearSticker(g2, b, e, r);
        default -> draw(g, e.type(), b, e.color() != null ? e.color() : fallback, rnd);
      }
    } finally {
      g2.dispose();
    }
  }

  /** Draws emblem {@code type} into box [l, t, r, b] px; {@code rnd} null means no random omission. */
  private static void draw(Graphics2D g, String type, double[] b, Color color, RandomGenerator rnd) {
    double w = b[2] - b[0];
    double h = b[3] - b[1];
    if (!(w >= 1 && h >= 1)) {
      return;   // under a pixel at this plate's size
    }
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
      g.fill(spiky(sx, sy, 10, size / 2, size / 5, -Math.PI / 2));
    }
  }

  /** A closed outline of {@code vertices} points alternately {@code outer} and {@code inner} from the centre. */
  private static Path2D.Double spiky(double cx, double cy, int vertices, double outer, double inner, double start) {
    Path2D.Double p = new Path2D.Double();
    for (int k = 0; k < vertices; k++) {
      double rr = k % 2 == 0 ? outer : inner;
      double aa = start + k * Math.PI / (vertices / 2);
      if (k == 0) {
        p.moveTo(cx + Math.cos(aa) * rr, cy + Math.sin(aa) * rr);
      } else {
        p.lineTo(cx + Math.cos(aa) * rr, cy + Math.sin(aa) * rr);
      }
    }
    p.closePath();
    return p;
  }

  // ---- coats of arms -------------------------------------------------------------------------------------------

  /**
   * A heraldic shield: a field with a rim and a simple charge (cross, chevron, stripes, halves, eagle, lion,
   * tower), sometimes under a crown. {@code charge} null picks a metal (silver or gold) that differs from the field.
   */
  static void shield(Graphics2D g, double[] b, Color field, Color charge, RandomGenerator r) {
    if (!(b[2] - b[0] >= 2 && b[3] - b[1] >= 2)) {
      return;   // on a plate drawn a few dozen pixels wide a shield is less than a pixel or two: nothing to see
    }
    // the rim is stroked on the outline: half of it is kept inside the box
    double rimW = Math.max(0.7, Math.min(b[2] - b[0], b[3] - b[1]) * (0.035 + r.nextDouble() * 0.03));
    double w = b[2] - b[0] - rimW;
    double h = b[3] - b[1] - rimW;
    boolean crown = r.nextDouble() < 0.3;
    double crownH = crown ? h * 0.24 : 0;
    double sh = Math.min(h - crownH, w / 0.82);
    double sw = sh * 0.82;
    double x = b[0] + rimW / 2 + (w - sw) / 2;
    double y = b[1] + rimW / 2 + crownH + (h - crownH - sh) / 2;
    Color metal = charge != null ? charge
        : luminance(field) > 170 ? pick(r, new Color[] {TINCTURES[0], TINCTURES[1], TINCTURES[3]})
        : r.nextBoolean() ? ARGENT : OR;
    Shape s = shieldShape(x, y, sw, sh, r.nextInt(3));
    g.setColor(field);
    g.fill(s);
    Graphics2D inside = (Graphics2D) g.create();
    try {
      inside.clip(s);
      charge(inside, x, y, sw, sh, metal, field, r);
    } finally {
      inside.dispose();
    }
    g.setColor(r.nextDouble() < 0.4 ? OR : r.nextBoolean() ? field.darker().darker() : new Color(0x202020));
    g.setStroke(new BasicStroke((float) rimW, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(s);
    if (crown) {
      crown(g, x + sw * 0.1, y - crownH * 1.02, sw * 0.8, crownH * 0.95, r);
    }
  }

  /** Heater (pointed), Iberian (round bottom) or French (square with a point) shield in box x, y, w, h. */
  private static Shape shieldShape(double x, double y, double w, double h, int kind) {
    Path2D.Double p = new Path2D.Double();
    p.moveTo(x, y);
    p.lineTo(x + w, y);
    switch (kind) {
      case 0 -> {
        p.lineTo(x + w, y + h * 0.5);
        p.curveTo(x + w, y + h * 0.78, x + w * 0.72, y + h * 0.92, x + w * 0.5, y + h);
        p.curveTo(x + w * 0.28, y + h * 0.92, x, y + h * 0.78, x, y + h * 0.5);
      }
      case 1 -> {
        p.lineTo(x + w, y + h * 0.5);
        p.curveTo(x + w, y + h * 1.16, x, y + h * 1.16, x, y + h * 0.5);
      }
      default -> {
        p.lineTo(x + w, y + h * 0.8);
        p.quadTo(x + w * 0.6, y + h * 0.82, x + w * 0.5, y + h);
        p.quadTo(x + w * 0.4, y + h * 0.82, x, y + h * 0.8);
      }
    }
    p.closePath();
    return p;
  }

  private static void charge(Graphics2D g, double x, double y, double w, double h, Color metal, Color field,
                             RandomGenerator r) {
    g.setColor(metal);
    double cx = x + w / 2;
    double cy = y + h * 0.46;
    AffineTransform mirror = new AffineTransform(-1, 0, 0, 1, 2 * cx, 0);
    switch (r.nextInt(8)) {
      case 0 -> {   // a cross
        double t = w * (0.14 + r.nextDouble() * 0.1);
        double cyc = y + h * (0.36 + r.nextDouble() * 0.08);
        g.fill(new Rectangle2D.Double(cx - t / 2, y, t, h));
        g.fill(new Rectangle2D.Double(x, cyc - t / 2, w, t));
      }
      case 1 -> {   // a chevron
        g.setStroke(new BasicStroke((float) (w * (0.14 + r.nextDouble() * 0.08)), BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER));
        Path2D.Double c = new Path2D.Double();
        c.moveTo(x - w * 0.05, y + h * 0.9);
        c.lineTo(cx, y + h * 0.32);
        c.lineTo(x + w * 1.05, y + h * 0.9);
        g.draw(c);
      }
      case 2 -> {   // stripes: pales, bars or bends
        int n = 2 + r.nextInt(3);
        int dir = r.nextInt(3);
        Graphics2D s = (Graphics2D) g.create();
        try {
          if (dir == 2) {
            s.rotate(Math.toRadians(r.nextBoolean() ? 40 : -40), cx, cy);
          }
          for (int i = 0; i < n; i++) {
            double f = (2.0 * i + 1) / (2 * n + 1);
            if (dir == 0) {
              s.fill(new Rectangle2D.Double(x + w * f, y - h, w / (2 * n + 1), h * 3));
            } else {
              s.fill(new Rectangle2D.Double(x - w, y + h * f, w * 3, h / (2 * n + 1)));
            }
          }
        } finally {
          s.dispose();
        }
      }
      case 3 -> {   // parted: per pale, per fess or quarterly
        int kind = r.nextInt(3);
        if (kind == 0) {
          g.fill(new Rectangle2D.Double(cx, y, w / 2, h));
        } else if (kind == 1) {
          g.fill(new Rectangle2D.Double(x, y + h * 0.45, w, h));
        } else {
          g.fill(new Rectangle2D.Double(cx, y, w / 2, h * 0.45));
          g.fill(new Rectangle2D.Double(x, y + h * 0.45, w / 2, h));
        }
      }
      case 4 -> eagle(g, cx, cy, w, h, field, r);
      case 5 -> {
        Graphics2D m = (Graphics2D) g.create();
        try {
          if (r.nextBoolean()) {
            m.transform(mirror);
          }
          lion(m, cx, cy, w, h);
        } finally {
          m.dispose();
        }
      }
      case 6 -> tower(g, cx, cy, w, h, field);
      default -> {   // a roundel or a star in the middle, on a bordure
        g.setStroke(new BasicStroke((float) (w * 0.12)));
        g.draw(shieldShape(x, y, w, h, 0));
        double d = w * 0.38;
        if (r.nextBoolean()) {
          g.fill(new Ellipse2D.Double(cx - d / 2, cy - d / 2, d, d));
        } else {
          star(g, cx, cy, d * 0.7, metal);
        }
      }
    }
  }

  /** A crude spread eagle: body, head with beak, feathered wings, tail and legs. */
  private static void eagle(Graphics2D g, double cx, double cy, double w, double h, Color field,
                            RandomGenerator r) {
    Path2D.Double wings = new Path2D.Double();
    for (int side : new int[] {-1, 1}) {
      double s = side * w;
      wings.moveTo(cx + s * 0.06, cy - h * 0.12);
      wings.lineTo(cx + s * 0.3, cy - h * 0.34);
      wings.lineTo(cx + s * 0.46, cy - h * 0.3);
      wings.lineTo(cx + s * 0.44, cy - h * 0.16);
      wings.lineTo(cx + s * 0.36, cy - h * 0.13);
      wings.lineTo(cx + s * 0.42, cy - h * 0.03);
      wings.lineTo(cx + s * 0.31, cy - h * 0.0);
      wings.lineTo(cx + s * 0.35, cy + h * 0.1);
      wings.lineTo(cx + s * 0.22, cy + h * 0.1);
      wings.lineTo(cx + s * 0.08, cy + h * 0.08);
      wings.closePath();
    }
    g.fill(wings);
    g.fill(new Ellipse2D.Double(cx - w * 0.11, cy - h * 0.18, w * 0.22, h * 0.42));
    double hr = w * 0.08;
    double hx = cx + (r.nextBoolean() ? 1 : -1) * w * 0.04;
    g.fill(new Ellipse2D.Double(hx - hr, cy - h * 0.3 - hr, 2 * hr, 2 * hr));
    Path2D.Double tail = new Path2D.Double();
    tail.moveTo(cx - w * 0.07, cy + h * 0.2);
    tail.lineTo(cx + w * 0.07, cy + h * 0.2);
    tail.lineTo(cx + w * 0.16, cy + h * 0.4);
    tail.lineTo(cx - w * 0.16, cy + h * 0.4);
    tail.closePath();
    g.fill(tail);
    g.setStroke(new BasicStroke((float) (w * 0.05), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(new Line2D.Double(cx - w * 0.06, cy + h * 0.18, cx - w * 0.2, cy + h * 0.28));
    g.draw(new Line2D.Double(cx + w * 0.06, cy + h * 0.18, cx + w * 0.2, cy + h * 0.28));
    if (r.nextBoolean()) {   // a breast shield in the field's colour
      g.setColor(field);
      g.fill(shieldShape(cx - w * 0.06, cy - h * 0.04, w * 0.12, h * 0.16, 0));
    }
  }

  /** A crude rampant lion facing left: body, maned head, raised forelegs, hind legs, tail with a tuft. */
  private static void lion(Graphics2D g, double cx, double cy, double w, double h) {
    Graphics2D b = (Graphics2D) g.create();
    try {
      b.rotate(Math.toRadians(-25), cx, cy);
      b.fill(new Ellipse2D.Double(cx - w * 0.12, cy - h * 0.2, w * 0.26, h * 0.46));
    } finally {
      b.dispose();
    }
    g.fill(spiky(cx - w * 0.12, cy - h * 0.24, 12, w * 0.17, w * 0.12, 0));
    g.setStroke(new BasicStroke((float) (w * 0.08), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    g.draw(new Line2D.Double(cx - w * 0.04, cy - h * 0.08, cx - w * 0.32, cy - h * 0.14));
    g.draw(new Line2D.Double(cx - w * 0.02, cy + h * 0.03, cx - w * 0.3, cy + h * 0.04));
    g.draw(new Line2D.Double(cx + w * 0.06, cy + h * 0.22, cx - w * 0.14, cy + h * 0.4));
    g.draw(new Line2D.Double(cx + w * 0.1, cy + h * 0.22, cx + w * 0.22, cy + h * 0.42));
    g.setStroke(new BasicStroke((float) (w * 0.04), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    Path2D.Double tail = new Path2D.Double();
    tail.moveTo(cx + w * 0.12, cy + h * 0.16);
    tail.quadTo(cx + w * 0.42, cy + h * 0.12, cx + w * 0.3, cy - h * 0.22);
    g.draw(tail);
    double t = w * 0.07;
    g.fill(new Ellipse2D.Double(cx + w * 0.3 - t, cy - h * 0.22 - t, 2 * t, 2 * t));
  }

  /** A castle tower with three merlons, a gate and two windows in the field's colour. */
  private static void tower(Graphics2D g, double cx, double cy, double w, double h, Color field) {
    double tw = w * 0.42;
    double top = cy - h * 0.14;
    g.fill(new Rectangle2D.Double(cx - tw / 2, top, tw, h * 0.5));
    for (int i = 0; i < 3; i++) {
      g.fill(new Rectangle2D.Double(cx - tw / 2 + i * tw * 0.4, top - h * 0.1, tw * 0.2, h * 0.11));
    }
    g.setColor(field);
    double gw = tw * 0.32;
    g.fill(new Rectangle2D.Double(cx - gw / 2, cy + h * 0.18, gw, h * 0.2));
    g.fill(new Ellipse2D.Double(cx - gw / 2, cy + h * 0.18 - gw / 2, gw, gw));
    g.fill(new Rectangle2D.Double(cx - tw * 0.32, top + h * 0.08, tw * 0.12, h * 0.1));
    g.fill(new Rectangle2D.Double(cx + tw * 0.2, top + h * 0.08, tw * 0.12, h * 0.1));
  }

  /** A crown in box x, y, w, h: a band with three or five points, pearls on their tips. */
  private static void crown(Graphics2D g, double x, double y, double w, double h, RandomGenerator r) {
    int points = r.nextBoolean() ? 3 : 5;
    Path2D.Double c = new Path2D.Double();
    c.moveTo(x, y + h);
    c.lineTo(x, y + h * 0.35);
    for (int i = 0; i < points; i++) {
      double px = x + w * (i + 0.5) / points;
      c.lineTo(px - w * 0.5 / points * 0.6, y + h * 0.55);
      c.lineTo(px, y + h * 0.2);
      c.lineTo(px + w * 0.5 / points * 0.6, y + h * 0.55);
    }
    c.lineTo(x + w, y + h * 0.35);
    c.lineTo(x + w, y + h);
    c.closePath();
    g.setColor(OR);
    g.fill(c);
    double d = Math.max(1, h * 0.24);
    for (int i = 0; i < points; i++) {
      g.fill(new Ellipse2D.Double(x + w * (i + 0.5) / points - d / 2, y + h * 0.2 - d * 0.8, d, d));
    }
    g.setColor(new Color(0x8a6a10));
    g.setStroke(new BasicStroke((float) Math.max(0.5, h * 0.06)));
    g.draw(c);
    g.setColor(new Color(0xc8102e));
    g.fill(new Rectangle2D.Double(x + w * 0.2, y + h * 0.72, w * 0.12, h * 0.16));
    g.setColor(new Color(0x0b3d91));
    g.fill(new Rectangle2D.Double(x + w * 0.68, y + h * 0.72, w * 0.12, h * 0.16));
  }

  private static void star(Graphics2D g, double cx, double cy, double size, Color c) {
    stars(g, cx, cy, 0, 1, size, c);
  }

  // ---- stickers and flags ----------------------------------------------------------------------------------------

  /**
   * A round seal: a German-style inspection sticker (a coloured ring of month numbers 1-12 with a notch, the year in
   * the centre) or an office seal (text around a ring, a small coat of arms in the centre). Ring {@code colors[0]},
   * centre {@code colors[1]}.
   */
  private static void roundSticker(Graphics2D g, double[] b, PlateStyle.Emblem e, RandomGenerator r) {
    double d = Math.min(b[2] - b[0], b[3] - b[1]);
    double cx = (b[0] + b[2]) / 2;
    double cy = (b[1] + b[3]) / 2;
    boolean seal = r.nextDouble() < 0.4;
    Color ring = e.color(0, e.color() != null ? e.color() : pick(r, seal ? SEAL : INSPECTION));
    Color centre = e.color(1, seal ? pick(r, SEAL) : new Color(0xf2f2ee));
    double big = d / 2;
    g.setColor(ring);
    g.fill(circle(cx, cy, big));
    Color ink = new Color(0x1a1a1a);
    if (!seal) {
      double inner = big * 0.5;
      g.setColor(centre);
      g.fill(circle(cx, cy, inner));
      g.setColor(ink);
      g.setStroke(new BasicStroke((float) Math.max(0.4, d * 0.012)));
      double start = r.nextDouble() * 2 * Math.PI;
      int notch = r.nextInt(12);
      for (int i = 0; i < 12; i++) {
        double a = start + 2 * Math.PI * i / 12;
        g.draw(new Line2D.Double(cx + Math.cos(a) * inner, cy + Math.sin(a) * inner,
            cx + Math.cos(a) * big, cy + Math.sin(a) * big));
        double m = a + Math.PI / 12;
        String num = String.valueOf(i + 1);
        glyphs(g, num, cx + Math.cos(m) * big * 0.76, cy + Math.sin(m) * big * 0.76, d * 0.085, m + Math.PI / 2, ink);
        if (i == notch) {   // the month: a black wedge at the rim, as the sticker is turned to show it
          Path2D.Double wedge = new Path2D.Double();
          wedge.moveTo(cx + Math.cos(m) * big * 0.9, cy + Math.sin(m) * big * 0.9);
          wedge.lineTo(cx + Math.cos(m - 0.16) * big * 1.01, cy + Math.sin(m - 0.16) * big * 1.01);
          wedge.lineTo(cx + Math.cos(m + 0.16) * big * 1.01, cy + Math.sin(m + 0.16) * big * 1.01);
          wedge.closePath();
          g.fill(wedge);
        }
      }
      String year = String.format("%02d", 18 + r.nextInt(12));
      glyphs(g, year, cx, cy + d * 0.1, d * 0.22, 0, ink);
    } else {
      double inner = big * 0.64;
      g.setColor(centre);
      g.fill(circle(cx, cy, inner));
      g.setColor(ink);
      g.setStroke(new BasicStroke((float) Math.max(0.4, d * 0.015)));
      g.draw(circle(cx, cy, inner));
      g.draw(circle(cx, cy, big * 0.97));
      String text = r.nextBoolean() ? "LANDRATSAMT " + pick(r, PLACES) : pick(r, PLACES) + " * " + (10 + r.nextInt(90));
      double cap = d * 0.1;
      double radius = big * 0.82;
      double step = cap * 0.75 / radius;
      double a0 = -Math.PI / 2 - step * (text.length() - 1) / 2;
      for (int i = 0; i < text.length(); i++) {
        double a = a0 + step * i;
        glyphs(g, String.valueOf(text.charAt(i)), cx + Math.cos(a) * radius, cy + Math.sin(a) * radius, cap,
            a + Math.PI / 2, ink);
      }
      double s = inner * 1.25;
      shield(g, new double[] {cx - s / 2, cy - s / 2, cx + s / 2, cy + s / 2}, pick(r, TINCTURES), null, r);
    }
    g.setColor(new Color(0, 0, 0, 60));
    g.setStroke(new BasicStroke((float) Math.max(0.4, d * 0.02)));
    g.draw(circle(cx, cy, big));
  }

  /** A flag: {@code colors} as equal stripes, horizontal ({@code stripes} h) or vertical (v). */
  private static void flag(Graphics2D g, double[] b, PlateStyle.Emblem e, RandomGenerator r) {
    double w = b[2] - b[0];
    double h = b[3] - b[1];
    List<Color> cs = e.colors();
    int n = cs.size();
    for (int i = 0; i < n; i++) {
      g.setColor(cs.get(i));
      double overlap = i < n - 1 ? 0.5 : 0;   // no hairline of the background between stripes
      if (e.stripes().equals("v")) {
        g.fill(new Rectangle2D.Double(b[0] + w * i / n, b[1], w / n + overlap, h));
      } else {
        g.fill(new Rectangle2D.Double(b[0], b[1] + h * i / n, w, h / n + overlap));
      }
    }
    if (r.nextDouble() < 0.4) {   // a printed sticker's sheen
      g.setPaint(new LinearGradientPaint(new Point2D.Double(b[0], b[1]), new Point2D.Double(b[2], b[3]),
          new float[] {0f, 0.5f, 1f}, new Color[] {new Color(255, 255, 255, 50), new Color(255, 255, 255, 0),
              new Color(0, 0, 0, 30)}));
      g.fill(new Rectangle2D.Double(b[0], b[1], w, h));
    }
    if (r.nextDouble() < 0.5) {
      double edge = Math.max(0.5, Math.min(w, h) * 0.03);
      g.setColor(new Color(0, 0, 0, 90));
      g.setStroke(new BasicStroke((float) edge));
      g.draw(new Rectangle2D.Double(b[0] + edge / 2, b[1] + edge / 2, w - edge, h - edge));
    }
  }

  /**
   * A small rectangular registration sticker (US, Canadian): a two-digit year, a month, a month and year or a county
   * name, sometimes over a line of serial digits; background {@code colors[0]}, lettering {@code colors[1]}.
   */
  private static void yearSticker(Graphics2D g, double[] b, PlateStyle.Emblem e, RandomGenerator r) {
    double w = b[2] - b[0];
    double h = b[3] - b[1];
    Color bg = e.color(0, e.color() != null ? e.color() : Color.getHSBColor((float) r.nextDouble(),
        0.55f + (float) r.nextDouble() * 0.4f, 0.8f + (float) r.nextDouble() * 0.2f));
    Color fg = e.color(1, luminance(bg) > 140 ? new Color(0x141414) : new Color(0xf8f8f8));
    double x = r.nextDouble() * w * 0.04;
    double y = r.nextDouble() * h * 0.04;
    RoundRectangle2D shape = new RoundRectangle2D.Double(b[0] + x, b[1] + y, w * 0.96, h * 0.96, h * 0.15, h * 0.15);
    g.setColor(bg);
    g.fill(shape);
    String main = switch (r.nextInt(5)) {
      case 0, 1 -> String.format("%02d", 18 + r.nextInt(12));
      case 2 -> pick(r, MONTHS);
      case 3 -> pick(r, MONTHS).charAt(0) + String.format("%02d", 18 + r.nextInt(12));
      default -> pick(r, COUNTIES);
    };
    boolean serial = r.nextDouble() < 0.6;
    double l = b[0] + x + w * 0.1;
    double rr = b[0] + x + w * 0.86;
    double top = b[1] + y + h * 0.14;
    double bottom = b[1] + y + h * (serial ? 0.62 : 0.82);
    PlateRenderer.drawFitted(g, main, LETTERING, List.of(), new double[] {l, top, rr, bottom}, fg);
    if (serial) {
      StringBuilder digits = new StringBuilder();
      for (int i = 0, n = 5 + r.nextInt(4); i < n; i++) {
        digits.append((char) ('0' + r.nextInt(10)));
      }
      PlateRenderer.drawFitted(g, digits.toString(), LETTERING, List.of(),
          new double[] {l, b[1] + y + h * 0.7, rr, b[1] + y + h * 0.84}, fg);
    }
    g.setColor(new Color(0, 0, 0, 70));
    g.setStroke(new BasicStroke((float) Math.max(0.4, h * 0.03)));
    g.draw(shape);
  }

  // ---- dealer frames ---------------------------------------------------------------------------------------------

  /**
   * A plastic or chrome frame over the plate's edge: bars top and bottom (sometimes the sides) with the dealer's
   * lettering, which is letters and digits that are not the plate; bars stay off the characters ({@code clear}).
   * Bars {@code colors[0]}, lettering {@code colors[1]}.
   */
  private static void dealerFrame(Graphics2D g, double[] b, double[] clear, PlateStyle.Emblem e,
                                  RandomGenerator r) {
    double w = b[2] - b[0];
    double h = b[3] - b[1];
    boolean chrome = e.colors().isEmpty() && e.color() == null && r.nextDouble() < 0.35;
    Color bar = e.color(0, e.color() != null ? e.color() : pick(r, FRAME_DARK));
    double topH = h * (0.06 + r.nextDouble() * 0.05);
    double botH = h * (0.1 + r.nextDouble() * 0.07);
    double sideW = r.nextDouble() < 0.5 ? w * (0.012 + r.nextDouble() * 0.015) : 0;
    if (clear != null) {
      double gap = h * 0.015;
      topH = Math.max(h * 0.035, Math.min(topH, clear[1] - b[1] - gap));
      botH = Math.max(h * 0.05, Math.min(botH, b[3] - clear[3] - gap));
      sideW = Math.min(sideW, Math.max(0, clear[0] - b[0] - gap));
    }
    Area frame = new Area(new Rectangle2D.Double(b[0] - 1, b[1] - 1, w + 2, h + 2));
    double radius = h * 0.08;
    frame.subtract(new Area(new RoundRectangle2D.Double(b[0] + sideW, b[1] + topH, w - 2 * sideW, h - topH - botH,
        radius, radius)));
    if (chrome) {
      g.setPaint(new LinearGradientPaint(new Point2D.Double(0, b[1]), new Point2D.Double(0, b[3]),
          new float[] {0f, 0.06f, 0.12f, 0.5f, 0.85f, 0.93f, 1f},
          new Color[] {new Color(0xf4f4f4), new Color(0x9a9a9a), new Color(0xdadada), new Color(0xb0b0b0),
              new Color(0xe8e8e8), new Color(0x8a8a8a), new Color(0xd8d8d8)}));
    } else {
      g.setColor(bar);
    }
    g.fill(frame);
    g.setColor(new Color(255, 255, 255, chrome ? 0 : 45));   // the moulded edge catches the light
    g.setStroke(new BasicStroke((float) Math.max(0.5, h * 0.008)));
    g.draw(new RoundRectangle2D.Double(b[0] + sideW, b[1] + topH, w - 2 * sideW, h - topH - botH, radius, radius));
    Color ink = e.color(1, pick(r, chrome ? LETTERING_ON_CHROME : LETTERING_ON_DARK));
    double margin = w * (0.1 + r.nextDouble() * 0.1);
    if (r.nextDouble() < 0.9) {
      PlateRenderer.drawFitted(g, dealerText(r), LETTERING, List.of(), new double[] {b[0] + margin,
          b[3] - botH * 0.75, b[2] - margin, b[3] - botH * 0.28}, ink);
    }
    if (r.nextDouble() < 0.45 && topH > h * 0.045) {
      PlateRenderer.drawFitted(g, dealerText(r), LETTERING, List.of(), new double[] {b[0] + margin,
          b[1] + topH * 0.25, b[2] - margin, b[1] + topH * 0.72}, ink);
    }
  }

  /** A plausible line of a dealer's frame: a dealer's name, a brand, a web address or a telephone number. */
  static String dealerText(RandomGenerator r) {
    String surname = pick(r, SURNAMES);
    String brand = pick(r, BRANDS);
    String place = pick(r, PLACES);
    return switch (r.nextInt(13)) {
      case 0 -> "AUTOHAUS " + surname;
      case 1 -> surname + " " + brand;
      case 2 -> place + " " + brand;
      case 3 -> brand + " OF " + place;
      case 4 -> surname + " MOTORS";
      case 5 -> surname + " AUTO GROUP";
      case 6 -> "www." + web(surname) + "-" + web(r.nextBoolean() ? brand : place)
          + pick(r, new String[] {".com", ".de", ".com.br", ".hr", ".ro", ".net"});
      case 7 -> "TEL " + digits(r, 3 + r.nextInt(2)) + " " + digits(r, 3) + " " + digits(r, 3 + r.nextInt(2));
      case 8 -> "1-800-" + digits(r, 3) + "-" + digits(r, 4);
      case 9 -> brand + " " + surname + " & SONS";
      case 10 -> fakeName(r) + " " + pick(r, new String[] {"AUTO", "CARS", "MOTORS", "AUTOMÓVEIS", "GMBH"});
      case 11 -> surname + " " + brand + " SINCE " + (1950 + r.nextInt(70));
      default -> pick(r, new String[] {"SALES · SERVICE · PARTS", "QUALITY USED CARS", "GEBRAUCHTWAGEN",
          "SEMINOVOS", "AUTO SERVIS"}) + (r.nextBoolean() ? "" : " " + digits(r, 2 + r.nextInt(3)));
    };
  }

  private static String web(String s) {
    return PlateText.fold(s).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static String digits(RandomGenerator r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
    return sb.toString();
  }

  /** A made-up name of two or three syllables ({@code KAROVEN}). */
  private static String fakeName(RandomGenerator r) {
    String[] on = {"K", "M", "T", "D", "R", "V", "B", "L", "S", "Z", "CH", "BR", "ST"};
    String[] nu = {"A", "E", "I", "O", "U", "AU", "EI"};
    String[] co = {"", "N", "R", "L", "S", "X", "TZ"};
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = 2 + r.nextInt(2); i < n; i++) {
      sb.append(pick(r, on)).append(pick(r, nu)).append(pick(r, co));
    }
    return sb.toString();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------------

  /**
   * Draws {@code text} centred on (x, y) with cap height {@code cap}, turned by {@code angle} (radians), from the
   * lettering font.
   */
  private static void glyphs(Graphics2D g, String text, double x, double y, double cap, double angle, Color c) {
    FontCatalog fc = FontCatalog.installed();
    double width = 0;
    for (int i = 0; i < text.length(); i++) {
      width += fc.glyph(LETTERING, text.charAt(i), List.of()).advance();
    }
    AffineTransform at = new AffineTransform();
    at.translate(x, y);
    at.rotate(angle);
    at.scale(cap, cap);
    at.translate(-width / 2, 0.5);
    g.setColor(c);
    double pen = 0;
    for (int i = 0; i < text.length(); i++) {
      FontCatalog.Glyph gl = fc.glyph(LETTERING, text.charAt(i), List.of());
      AffineTransform t = new AffineTransform(at);
      t.translate(pen, 0);
      g.fill(t.createTransformedShape(gl.outline()));
      pen += gl.advance();
    }
  }

  private static Ellipse2D circle(double cx, double cy, double radius) {
    return new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius);
  }

  private static double luminance(Color c) {
    return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
  }

  private static <T> T pick(RandomGenerator r, T[] options) {
    return options[r.nextInt(options.length)];
  }
}
