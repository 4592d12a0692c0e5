package io.lanekeeper.synth;

import io.lanekeeper.plates.PlateProfile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code render} object of a profile, typed and resolved once so that rendering a sample does
 * not touch JSON. A profile's {@code render.variants} each override top-level keys of the base
 * render object (red commercial plates, yellow rear plates) and are drawn by weight.
 */
record PlateStyle(List<Color> plateColors, Color[] gradient, double radiusMm, Border border, Color textColor,
                  List<String> fonts, double stretchMin, double stretchMax, List<RowBox> rows, List<Area> rects,
                  List<Label> labels, List<Area> emblems, Map<Character, String> glyphEmblems) {

  record Border(double widthMm, double insetMm, Color color) {
  }

  /** Where one row of characters goes, in mm: left, top, right, bottom (top to bottom is cap height). */
  record RowBox(double[] box, double choiceScale, String choiceAlign) {
  }

  /** A coloured area or an emblem; {@code type} is empty for plain rectangles. */
  record Area(String type, double[] box, Color color) {
  }

  record Label(double[] box, Color color, List<String> texts, List<String> fonts) {
  }

  /** The weighted variants of one profile. */
  record Variants(List<PlateStyle> styles, double[] cumulative) {

    PlateStyle pick(java.util.random.RandomGenerator rnd) {
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

  private static PlateStyle parse(PlateProfile p, JsonObject r, String where) {
    JsonObject plate = r.getJsonObject("plate", new JsonObject());
    List<Color> plateColors = colors(plate.getValue("color", "#f4f4f4"), where + "plate.color");
    JsonArray g = plate.getJsonArray("gradient");
    Color[] gradient = g == null ? null : new Color[] {color(g.getString(0), where), color(g.getString(1), where)};
    JsonObject b = r.getJsonObject("border");
    Border border = b == null ? null
        : new Border(b.getDouble("widthMm", 2.0), b.getDouble("insetMm", 2.0),
            color(b.getString("color", "#111111"), where));
    JsonObject t = r.getJsonObject("text", new JsonObject());
    Color textColor = color(t.getString("color", "#111111"), where + "text.color");
    List<String> fonts = installed(strings(t.getJsonArray("fonts", new JsonArray().add("DejaVuSansCondensed-Bold"))),
        where + "text.fonts");
    JsonArray stretch = t.getJsonArray("stretch", new JsonArray().add(0.85).add(1.0));

    List<RowBox> rows = new ArrayList<>();
    JsonArray rr = r.getJsonArray("rows", new JsonArray());
    int n = p.rowPatterns().size();
    for (int i = 0; i < n; i++) {
      if (i < rr.size()) {
        JsonObject row = rr.getJsonObject(i);
        rows.add(new RowBox(box(row.getJsonArray("box"), where + "rows[" + i + "].box"),
            row.getDouble("choiceScale", 1.0), row.getString("choiceAlign", "bottom")));
      } else {
        double rowH = p.heightMm() * 0.8 / n;
        double top = p.heightMm() * 0.1 + i * rowH;
        rows.add(new RowBox(new double[] {p.widthMm() * 0.06, top + rowH * 0.08, p.widthMm() * 0.94, top + rowH * 0.92},
            1.0, "bottom"));
      }
    }
    List<Area> rects = new ArrayList<>();
    for (Object o : r.getJsonArray("rects", new JsonArray())) {
      JsonObject a = (JsonObject) o;
      rects.add(new Area("", box(a.getJsonArray("box"), where + "rects.box"),
          color(a.getString("color", "#003399"), where)));
    }
    List<Label> labels = new ArrayList<>();
    String labelColor = r.getString("labelColor");
    JsonArray la = r.getJsonArray("labels", new JsonArray());
    for (int i = 0; i < la.size(); i++) {
      JsonObject a = la.getJsonObject(i);
      String c = labelColor != null ? labelColor : a.getString("color", "#111111");
      List<String> lf = a.containsKey("fonts")
          ? installed(strings(a.getJsonArray("fonts")), where + "labels[" + i + "].fonts") : fonts;
      labels.add(new Label(box(a.getJsonArray("box"), where + "labels.box"), color(c, where),
          strings(a.getJsonArray("texts")), lf));
    }
    List<Area> emblems = new ArrayList<>();
    for (Object o : r.getJsonArray("emblems", new JsonArray())) {
      JsonObject a = (JsonObject) o;
      emblems.add(new Area(a.getString("type"), box(a.getJsonArray("box"), where + "emblems.box"),
          color(a.getString("color", "#ffcc00"), where)));
    }
    Map<Character, String> glyphEmblems = new HashMap<>();
    JsonObject ge = r.getJsonObject("glyphs", new JsonObject());
    for (String k : ge.fieldNames()) {
      glyphEmblems.put(k.charAt(0), ge.getString(k));
    }
    return new PlateStyle(plateColors, gradient, plate.getDouble("radiusMm", 5.0), border, textColor, fonts,
        stretch.getDouble(0), stretch.getDouble(1), rows, rects, labels, emblems, glyphEmblems);
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

  private static double[] box(JsonArray a, String where) {
    if (a == null || a.size() != 4) {
      throw new IllegalArgumentException(where + " must be [left, top, right, bottom] in mm");
    }
    return new double[] {a.getDouble(0), a.getDouble(1), a.getDouble(2), a.getDouble(3)};
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    a.forEach(v -> out.add(v.toString()));
    return out;
  }

  private static List<Color> colors(Object v, String where) {
    List<Color> out = new ArrayList<>();
    if (v instanceof JsonArray a) {
      a.forEach(x -> out.add(color(x.toString(), where)));
    } else {
      out.add(color(v.toString(), where));
    }
    return out;
  }

  static Color color(String hex, String where) {
    try {
      return new Color(Integer.parseInt(hex.substring(1), 16));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + ": colour must be #rrggbb, got " + hex);
    }
  }
}
