package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The {@code render} object of a profile, typed, checked and resolved once so that rendering a sample does
 * not touch JSON, and a bad profile fails when its style is parsed (before a run starts), naming the profile and
 * the field. A profile's {@code render.variants} each override top-level keys of the base render object (red
 * commercial plates, yellow rear plates) and are drawn by weight.
 */
record PlateStyle(List<Color> plateColors, Color[] gradient, double radiusMm, Border border, Color textColor,
                  List<String> fonts, double stretchMin, double stretchMax, List<RowBox> rows, List<Area> rects,
                  List<Label> labels, List<Emblem> emblems, Map<Character, Emblem> glyphEmblems) {

  private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");
  /** How far a box may reach past the plate's edge, in mm (rounding in hand-measured profiles). */
  private static final double BOX_SLACK_MM = 1.0;

  record Border(double widthMm, double insetMm, Color color) {
  }

  /** Where one row of characters goes, in mm: left, top, right, bottom (top to bottom is cap height). */
  record RowBox(double[] box, double choiceScale, String choiceAlign) {
  }

  /** A coloured rectangle, in mm. */
  record Area(double[] box, Color color) {
  }

  record Label(double[] box, Color color, List<String> texts, List<String> fonts) {
  }

  /**
   * A picture on the plate ({@link Emblems#TYPES}).
   *
   * @param box where, in mm; null for an emblem drawn in place of a pattern character ({@code render.glyphs})
   * @param color its {@code color}, or null when the profile gives none
   * @param colors its {@code colors} (stripes of a flag, field and charge of a shield...), empty when none
   * @param p the probability it is drawn on a plate (1: always)
   * @param stripes {@code h} or {@code v}: the direction of a flag's stripes
   */
  record Emblem(String type, double[] box, Color color, List<Color> colors, double p, String stripes) {

    /** Whether this plate carries it: always with p 1 or without a random stream (no random number drawn then). */
    boolean drawn(RandomGenerator rnd) {
      return rnd == null || p >= 1 || rnd.nextDouble() < p;
    }

    /** {@code colors[i]}, else {@code fallback}. */
    Color color(int i, Color fallback) {
      return i < colors.size() ? colors.get(i) : fallback;
    }
  }

  /** The weighted variants of one profile. */
  record Variants(List<PlateStyle> styles, double[] cumulative) {

    PlateStyle pick(RandomGenerator rnd) {
      double x = rnd.nextDouble() * cumulative[cumulative.length - 1];
      for (int i = 0; i < cumulative.length; i++) {
        if (x < cumulative[i]) {
          return styles.get(i);
        }
      }
      return styles.get(styles.size() - 1);
    }
  }

  static Variants of(PlateProfile p) {
    JsonObject base = p.render().copy();
    JsonArray vs = (JsonArray) base.remove("variants");
    List<PlateStyle> styles = new ArrayList<>();
    List<Double> weights = new ArrayList<>();
    if (vs == null || vs.isEmpty()) {
      styles.add(parse(p, base, "plate profile " + p.id() + ": render."));
      weights.add(1.0);
    } else {
      for (int i = 0; i < vs.size(); i++) {
        JsonObject v = base.copy().mergeIn(vs.getJsonObject(i));
        weights.add(v.getDouble("weight", 1.0));
        styles.add(parse(p, v, "plate profile " + p.id() + " (render.variants[" + i + "]): render."));
      }
    }
    double[] cum = new double[weights.size()];
    double sum = 0;
    for (int i = 0; i < cum.length; i++) {
      sum += weights.get(i);
      cum[i] = sum;
    }
    return new Variants(List.copyOf(styles), cum);
  }

  /**
   * Parses every profile's style, so that a bad {@code render} (a font that is not installed, an unknown emblem, a
   * bad colour or box) stops a run before it starts, naming the profile and the field.
   *
   * @throws IllegalArgumentException for the first profile whose style is bad
   */
  static void check(List<PlateProfile> profiles) {
    profiles.forEach(PlateStyle::of);
  }

  /** Every font the profiles' plates name ({@code render.text.fonts}, {@code render.labels[i].fonts}), each once. */
  static java.util.Set<String> fontsNamed(java.util.Collection<PlateProfile> profiles) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (PlateProfile p : profiles) {
      out.addAll(textFonts(p.render().getJsonObject("text", new JsonObject())));
      JsonArray la = p.render().getJsonArray("labels", new JsonArray());
      for (int i = 0; i < la.size(); i++) {
        JsonArray f = la.getJsonObject(i).getJsonArray("fonts");
        if (f != null) {
          out.addAll(strings(f));
        }
      }
    }
    return out;
  }

  /** The fonts {@code render.text} names for the plate's characters, the default when it names none. */
  private static List<String> textFonts(JsonObject text) {
    return strings(text.getJsonArray("fonts", new JsonArray().add("DejaVuSansCondensed-Bold")));
  }

  private static PlateStyle parse(PlateProfile p, JsonObject r, String where) {
    double w = p.widthMm();
    double h = p.heightMm();
    JsonObject plate = r.getJsonObject("plate", new JsonObject());
    List<Color> plateColors = colors(plate.getValue("color", "#f4f4f4"), where + "plate.color");
    JsonArray g = plate.getJsonArray("gradient");
    if (g != null && g.size() != 2) {
      throw new IllegalArgumentException(where + "plate.gradient must be [top, bottom] colours");
    }
    Color[] gradient = g == null ? null : new Color[] {color(g.getValue(0), where + "plate.gradient[0]"),
        color(g.getValue(1), where + "plate.gradient[1]")};
    JsonObject b = r.getJsonObject("border");
    Border border = b == null ? null
        : new Border(b.getDouble("widthMm", 2.0), b.getDouble("insetMm", 2.0),
            color(b.getValue("color", "#111111"), where + "border.color"));
    JsonObject t = r.getJsonObject("text", new JsonObject());
    Color textColor = color(t.getValue("color", "#111111"), where + "text.color");
    List<String> fonts = installed(textFonts(t), where + "text.fonts");
    JsonArray stretch = t.getJsonArray("stretch", new JsonArray().add(0.85).add(1.0));

    List<RowBox> rows = new ArrayList<>();
    JsonArray rr = r.getJsonArray("rows", new JsonArray());
    int n = p.rowPatterns().size();
    for (int i = 0; i < n; i++) {
      if (i < rr.size()) {
        JsonObject row = rr.getJsonObject(i);
        rows.add(new RowBox(box(row.getValue("box"), w, h, where + "rows[" + i + "].box"),
            row.getDouble("choiceScale", 1.0), row.getString("choiceAlign", "bottom")));
      } else {
        double rowH = h * 0.8 / n;
        double top = h * 0.1 + i * rowH;
        rows.add(new RowBox(new double[] {w * 0.06, top + rowH * 0.08, w * 0.94, top + rowH * 0.92}, 1.0, "bottom"));
      }
    }
    List<Area> rects = new ArrayList<>();
    JsonArray ra = r.getJsonArray("rects", new JsonArray());
    for (int i = 0; i < ra.size(); i++) {
      JsonObject a = ra.getJsonObject(i);
      rects.add(new Area(box(a.getValue("box"), w, h, where + "rects[" + i + "].box"),
          color(a.getValue("color", "#003399"), where + "rects[" + i + "].color")));
    }
    List<Label> labels = new ArrayList<>();
    Object labelColor = r.getValue("labelColor");
    JsonArray la = r.getJsonArray("labels", new JsonArray());
    for (int i = 0; i < la.size(); i++) {
      JsonObject a = la.getJsonObject(i);
      String at = where + "labels[" + i + "]";
      Color c = labelColor != null ? color(labelColor, where + "labelColor") : color(a.getValue("color", "#111111"),
          at + ".color");
      List<String> lf = a.containsKey("fonts") ? installed(strings(a.getJsonArray("fonts")), at + ".fonts") : fonts;
      JsonArray texts = a.getJsonArray("texts");
      if (texts == null || texts.isEmpty()) {
        throw new IllegalArgumentException(at + ".texts must list at least one text");
      }
      labels.add(new Label(box(a.getValue("box"), w, h, at + ".box"), c, strings(texts), lf));
    }
    List<Emblem> emblems = new ArrayList<>();
    JsonArray ea = r.getJsonArray("emblems", new JsonArray());
    for (int i = 0; i < ea.size(); i++) {
      emblems.add(emblem(ea.getValue(i), false, w, h, where + "emblems[" + i + "]"));
    }
    Map<Character, Emblem> glyphEmblems = new HashMap<>();
    JsonObject ge = r.getJsonObject("glyphs", new JsonObject());
    for (String k : ge.fieldNames()) {
      String at = where + "glyphs." + k;
      if (k.length() != 1) {
        throw new IllegalArgumentException(at + ": a glyph is one pattern character");
      }
      Emblem e = emblem(ge.getValue(k), true, w, h, at);
      if (Emblems.overlay(e.type())) {
        throw new IllegalArgumentException(at + ".type: " + e.type() + " covers the whole plate: list it under "
            + "render.emblems");
      }
      glyphEmblems.put(k.charAt(0), e);
    }
    return new PlateStyle(plateColors, gradient, plate.getDouble("radiusMm", 5.0), border, textColor, fonts,
        stretch.getDouble(0), stretch.getDouble(1), rows, rects, labels, emblems, glyphEmblems);
  }

  /**
   * An emblem of {@code render.emblems} (an object with a box) or of {@code render.glyphs} (a type name, or an
   * object without a box), checked: a known type, colours, a probability, the stripes of a flag.
   */
  private static Emblem emblem(Object v, boolean glyph, double w, double h, String at) {
    JsonObject o;
    if (v instanceof String type && glyph) {
      o = new JsonObject().put("type", type);
    } else if (v instanceof JsonObject j) {
      o = j;
    } else {
      throw new IllegalArgumentException(at + ": must be an object {\"type\": ...}" + (glyph ? " or a type name" : "")
          + ", got " + v);
    }
    Object typeValue = o.getValue("type");
    if (!(typeValue instanceof String type) || !Emblems.TYPES.contains(type)) {
      throw new IllegalArgumentException(at + ".type: " + (typeValue == null ? "missing"
          : "unknown emblem '" + typeValue + "'") + " (known: " + String.join(", ", Emblems.TYPES) + ")");
    }
    double[] box = glyph ? null : box(o.getValue("box"), w, h, at + ".box");
    Color color = o.containsKey("color") ? color(o.getValue("color"), at + ".color") : null;
    List<Color> colors = new ArrayList<>();
    if (o.containsKey("colors")) {
      if (!(o.getValue("colors") instanceof JsonArray ca) || ca.isEmpty()) {
        throw new IllegalArgumentException(at + ".colors must be a list of #rrggbb colours");
      }
      for (int i = 0; i < ca.size(); i++) {
        colors.add(color(ca.getValue(i), at + ".colors[" + i + "]"));
      }
    }
    if (type.equals("flag") && colors.isEmpty()) {
      throw new IllegalArgumentException(at + ".colors: a flag needs its stripe colours, e.g. "
          + "[\"#000000\", \"#dd0000\", \"#ffce00\"]");
    }
    Object pv = o.getValue("p", 1.0);
    if (!(pv instanceof Number pn) || !(pn.doubleValue() >= 0 && pn.doubleValue() <= 1)) {
      throw new IllegalArgumentException(at + ".p: a probability from 0 to 1, got " + pv);
    }
    Object stripes = o.getValue("stripes", "h");
    if (!"h".equals(stripes) && !"v".equals(stripes)) {
      throw new IllegalArgumentException(at + ".stripes: \"h\" or \"v\", got " + stripes);
    }
    return new Emblem(type, box, color, List.copyOf(colors), pn.doubleValue(), (String) stripes);
  }

  /** The installed fonts of {@code names}; none installed is an error naming the field. */
  private static List<String> installed(List<String> names, String where) {
    List<String> ok = FontCatalog.installed().available(names);
    if (ok.isEmpty()) {
      throw new IllegalArgumentException(where + ": none of " + names + " is installed under " + FontCatalog.roots()
          + " (scripts/lib.sh's LK_FONT_PACKAGES lists the Debian packages)");
    }
    return ok;
  }

  /** A box [left, top, right, bottom] in mm, inside the plate (give or take {@link #BOX_SLACK_MM}). */
  private static double[] box(Object v, double w, double h, String where) {
    String expected = " must be [left, top, right, bottom] in mm within the plate's " + fmt(w) + " x " + fmt(h)
        + " mm, got " + v;
    if (!(v instanceof JsonArray a) || a.size() != 4 || !a.stream().allMatch(x -> x instanceof Number)) {
      throw new IllegalArgumentException(where + expected);
    }
    double[] b = {a.getDouble(0), a.getDouble(1), a.getDouble(2), a.getDouble(3)};
    if (!(b[0] < b[2] && b[1] < b[3]) || b[0] < -BOX_SLACK_MM || b[1] < -BOX_SLACK_MM
        || b[2] > w + BOX_SLACK_MM || b[3] > h + BOX_SLACK_MM) {
      throw new IllegalArgumentException(where + expected);
    }
    return b;
  }

  private static String fmt(double mm) {
    return mm == Math.rint(mm) ? String.valueOf((long) mm) : String.valueOf(mm);
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    a.forEach(v -> out.add(v.toString()));
    return out;
  }

  private static List<Color> colors(Object v, String where) {
    List<Color> out = new ArrayList<>();
    if (v instanceof JsonArray a) {
      if (a.isEmpty()) {
        throw new IllegalArgumentException(where + ": an empty list of colours");
      }
      for (int i = 0; i < a.size(); i++) {
        out.add(color(a.getValue(i), where + "[" + i + "]"));
      }
    } else {
      out.add(color(v, where));
    }
    return out;
  }

  /** A {@code #rrggbb} colour; anything else is an error naming the field. */
  static Color color(Object hex, String where) {
    if (!(hex instanceof String s) || !HEX.matcher(s).matches()) {
      throw new IllegalArgumentException(where + ": colour must be #rrggbb, got " + hex);
    }
    return new Color(Integer.parseInt(s.substring(1), 16));
  }
}
