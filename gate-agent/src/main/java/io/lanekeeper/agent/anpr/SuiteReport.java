package io.lanekeeper.agent.anpr;

import io.lanekeeper.bus.Box;
import io.vertx.core.json.JsonObject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * The suite's report as one self-contained HTML page ({@code report.html}, pictures inline): the table and a bar
 * chart of the three modes per set, the character confusion matrix of each region (default rules), and each set's
 * worst reads with their crops, so that a person sees what fails.
 */
final class SuiteReport {

  static final int WORST = 12;
  private static final String[] MODE_COLOURS = {"#2f6db3", "#9aa5b1", "#e08a1e"};

  private SuiteReport() {
  }

  static Path write(Path dir, List<SuiteCommand.SetResult> results, JsonObject json) throws IOException {
    Files.createDirectories(dir);
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Lanekeeper evaluation suite"
        + "</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#1d2733}table{border-collapse:"
        + "collapse;margin:8px 0 20px}td,th{border:1px solid #d5dbe1;padding:3px 7px;text-align:right}"
        + "th{background:#eef2f6}td:first-child,th:first-child{text-align:left}.bad{color:#b3261e;font-weight:600}"
        + ".cm td{width:22px;height:20px;padding:0;text-align:center;font-size:11px}.crop{height:44px;"
        + "image-rendering:auto}h2{margin-top:28px}</style></head><body>");
    h.append("<h1>Evaluation suite</h1><p>").append(esc(json.getString("engine", ""))).append("</p>");
    table(h, results, json);
    chart(h, results);
    byWidth(h, results);
    byCountry(h, results);
    h.append("<h2>Character confusions per region (default rules; truth down, read across)</h2>");
    Map<String, List<SuiteCommand.SetResult>> byRegion = new LinkedHashMap<>();
    results.forEach(r -> byRegion.computeIfAbsent(r.set().region(), k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<SuiteCommand.SetResult>> e : byRegion.entrySet()) {
      confusions(h, e.getKey(), e.getValue());
    }
    h.append("<h2>Where the rules change a read (one mode right, another wrong)</h2>");
    for (SuiteCommand.SetResult r : results) {
      disagreements(h, r);
    }
    h.append("<h2>False reads (a read whose box overlaps no annotated plate; default rules)</h2>");
    for (SuiteCommand.SetResult r : results) {
      falseReads(h, r);
    }
    h.append("<h2>Worst reads per set</h2>");
    for (SuiteCommand.SetResult r : results) {
      worst(h, r);
    }
    h.append("</body></html>\n");
    Path file = dir.resolve("report.html");
    Files.writeString(file, h);
    return file;
  }

  private static void table(StringBuilder h, List<SuiteCommand.SetResult> results, JsonObject json) {
    h.append("<table><tr><th>set</th><th>kind</th><th>hint</th><th>plates</th><th>detection recall</th>"
        + "<th>exact default</th><th>exact free</th><th>exact hint</th><th>char acc</th><th>p50 ms</th>"
        + "<th>noise (plates)</th></tr>");
    for (SuiteCommand.SetResult r : results) {
      EvalMetrics m = r.main();
      int def = SuiteCommand.exact(r, 0);
      h.append("<tr><td>").append(esc(r.set().name())).append("</td><td>").append(r.set().kind())
          .append("</td><td>").append(esc(r.set().hint())).append("</td><td>").append(m.readablePlates())
          .append("</td><td>").append(r.set().crops() ? "-" : f(m.detectionRecall())).append("</td><td>")
          .append(f(m.plateAccuracy())).append("</td><td")
          .append(def < SuiteCommand.exact(r, 1) ? " class=bad" : "").append('>')
          .append(f(r.modes().get(1).plateAccuracy())).append("</td><td")
          .append(SuiteCommand.exact(r, 2) < def ? " class=bad" : "").append('>')
          .append(f(r.modes().get(2).plateAccuracy())).append("</td><td>").append(f(m.charAccuracy()))
          .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", m.latencyPercentile(50)))
          .append("</td><td>").append(r.noisePlates()).append("</td></tr>");
    }
    JsonObject macro = json.getJsonObject("macro").getJsonObject("plate_accuracy_by_mode");
    h.append("<tr><th>macro</th><th></th><th></th><th></th><th></th><th>").append(f(macro.getDouble("default")))
        .append("</th><th>").append(f(macro.getDouble("free"))).append("</th><th>").append(f(macro.getDouble("hint")))
        .append("</th><th>").append(f(json.getJsonObject("macro").getDouble("char_accuracy")))
        .append("</th><th></th><th></th></tr></table>");
  }

  /** Grouped bars: exact plate accuracy per set, one bar per mode. */
  private static void chart(StringBuilder h, List<SuiteCommand.SetResult> results) {
    int group = 3 * 18 + 22;
    int w = 120 + results.size() * group;   // room for the last set's slanted name
    int plotH = 200;
    h.append("<svg width=\"").append(w).append("\" height=\"").append(plotH + 90)
        .append("\" role=\"img\" aria-label=\"exact plate accuracy per set and mode\">");
    for (int k = 0; k <= 4; k++) {
      int y = 10 + plotH - plotH * k / 4;
      h.append("<line x1=\"40\" x2=\"").append(w).append("\" y1=\"").append(y).append("\" y2=\"").append(y)
          .append("\" stroke=\"#e3e7eb\"/><text x=\"34\" y=\"").append(y + 4).append("\" font-size=\"11\" "
              + "text-anchor=\"end\">").append(k * 25).append("%</text>");
    }
    for (int i = 0; i < results.size(); i++) {
      SuiteCommand.SetResult r = results.get(i);
      int x0 = 50 + i * group;
      for (int m = 0; m < 3; m++) {
        double a = r.modes().get(m).plateAccuracy();
        int bh = (int) Math.round(a * plotH);
        h.append("<rect x=\"").append(x0 + m * 18).append("\" y=\"").append(10 + plotH - bh)
            .append("\" width=\"16\" height=\"").append(bh).append("\" fill=\"").append(MODE_COLOURS[m])
            .append("\"><title>").append(esc(r.set().name())).append(' ').append(SuiteCommand.MODES.get(m))
            .append(' ').append(f(a)).append("</title></rect>");
      }
      h.append("<text transform=\"translate(").append(x0 + 27).append(',').append(plotH + 22)
          .append(") rotate(30)\" font-size=\"11\">").append(esc(r.set().name())).append("</text>");
    }
    for (int m = 0; m < 3; m++) {
      h.append("<rect x=\"").append(50 + m * 90).append("\" y=\"").append(plotH + 72)
          .append("\" width=\"12\" height=\"12\" fill=\"").append(MODE_COLOURS[m]).append("\"/><text x=\"")
          .append(66 + m * 90).append("\" y=\"").append(plotH + 82).append("\" font-size=\"12\">")
          .append(SuiteCommand.MODES.get(m)).append("</text>");
    }
    h.append("</svg>");
  }

  private static void confusions(StringBuilder h, String region, List<SuiteCommand.SetResult> sets) {
    Map<String, Integer> counts = new TreeMap<>();
    for (SuiteCommand.SetResult r : sets) {
      r.main().confusions().forEach((k, v) -> counts.merge(k, v, Integer::sum));
    }
    h.append("<h3>").append(esc(region)).append(" (").append(sets.stream().map(r -> r.set().name()).toList())
        .append(")</h3>");
    if (counts.isEmpty()) {
      h.append("<p>no substitutions</p>");
      return;
    }
    TreeSet<Character> truth = new TreeSet<>();
    TreeSet<Character> read = new TreeSet<>();
    int max = 1;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      truth.add(e.getKey().charAt(0));
      read.add(e.getKey().charAt(2));
      max = Math.max(max, e.getValue());
    }
    h.append("<table class=cm><tr><th></th>");
    read.forEach(c -> h.append("<th>").append(c).append("</th>"));
    h.append("</tr>");
    for (char t : truth) {
      h.append("<tr><th>").append(t).append("</th>");
      for (char c : read) {
        Integer n = counts.get(t + ">" + c);
        if (n == null) {
          h.append("<td></td>");
        } else {
          int shade = 235 - (int) Math.round(180.0 * n / max);
          h.append("<td style=\"background:rgb(255,").append(shade).append(',').append(shade)
              .append(")\" title=\"").append(t).append(" read as ").append(c).append(": ").append(n).append("\">")
              .append(n).append("</td>");
        }
      }
      h.append("</tr>");
    }
    h.append("</table>");
  }

  /** Recall and exact reads of the scene sets by the plates' width: the far plates apart from the near. */
  private static void byWidth(StringBuilder h, List<SuiteCommand.SetResult> results) {
    List<String> names = EvalMetrics.WIDTH_BUCKETS;
    h.append("<h2>Scene sets by plate width (default rules): detection recall, exact reads</h2><table><tr><th>set"
        + "</th>");
    names.forEach(n -> h.append("<th>").append(esc(n)).append("</th>"));
    h.append("</tr>");
    for (SuiteCommand.SetResult r : results) {
      if (r.set().crops()) {
        continue;
      }
      h.append("<tr><td>").append(esc(r.set().name())).append("</td>");
      for (EvalMetrics.WidthBucket b : r.main().byWidth()) {
        h.append("<td>");
        if (b.plates() > 0) {
          h.append(String.format(java.util.Locale.ROOT, "%d plates: %.3f, %d/%d", b.plates(), b.detectionRecall(),
              b.exact(), b.readable()));
        }
        h.append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>");
  }

  /**
   * Each synthetic set's plates by the country of the profile they were drawn from: a bar per country, its exact
   * reads by default (the bar) and with the set's hint (the tick), worst first, so the countries the reader has yet
   * to learn stand out.
   */
  private static void byCountry(StringBuilder h, List<SuiteCommand.SetResult> results) {
    boolean any = false;
    for (SuiteCommand.SetResult r : results) {
      List<SuiteCommand.CountryReads> countries = SuiteCommand.byCountry(r);
      if (countries.isEmpty()) {
        continue;
      }
      if (!any) {
        h.append("<h2>Synthetic sets by country (exact reads: bar default rules, tick the set's hint)</h2>");
        any = true;
      }
      int rowH = 16;
      int barW = 300;
      h.append("<h3>").append(esc(r.set().name())).append("</h3><svg width=\"").append(barW + 230)
          .append("\" height=\"").append(countries.size() * rowH + 8)
          .append("\" role=\"img\" aria-label=\"exact reads per country in ").append(esc(r.set().name()))
          .append("\">");
      for (int i = 0; i < countries.size(); i++) {
        SuiteCommand.CountryReads c = countries.get(i);
        double def = (double) c.exact()[0] / c.plates();
        double hint = (double) c.exact()[2] / c.plates();
        int y = 4 + i * rowH;
        String name = esc(c.country());
        h.append("<text x=\"36\" y=\"").append(y + 11).append("\" font-size=\"11\" text-anchor=\"end\">")
            .append(name).append("</text><rect x=\"42\" y=\"").append(y + 2).append("\" width=\"").append(barW)
            .append("\" height=\"11\" fill=\"#eef2f6\"/><rect x=\"42\" y=\"").append(y + 2).append("\" width=\"")
            .append(Math.round(def * barW)).append("\" height=\"11\" fill=\"")
            .append(def < 0.9 ? "#b3261e" : MODE_COLOURS[0]).append("\"><title>").append(name).append(" default ")
            .append(c.exact()[0]).append('/').append(c.plates()).append("</title></rect><rect x=\"")
            .append(41 + Math.round(hint * barW)).append("\" y=\"").append(y).append("\" width=\"2\" height=\"15\" "
                + "fill=\"").append(MODE_COLOURS[2]).append("\"><title>").append(name).append(" hint ")
            .append(c.exact()[2]).append('/').append(c.plates()).append("</title></rect><text x=\"")
            .append(barW + 50).append("\" y=\"").append(y + 11).append("\" font-size=\"11\">").append(c.exact()[0])
            .append('/').append(c.plates()).append(String.format(Locale.ROOT, " (%.2f), hint %d", def, c.exact()[2]))
            .append("</text>");
      }
      h.append("</svg>");
    }
  }

  private static void worst(StringBuilder h, SuiteCommand.SetResult r) {
    List<List<EvalMetrics.Case>> modes = r.modes().stream().map(EvalMetrics::cases).toList();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < modes.getFirst().size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> EvalMetrics.WORST_FIRST.compare(modes.getFirst().get(a), modes.getFirst().get(b)));
    Map<String, DevSet.Sample> byFile = samplesByFile(r);
    h.append("<h3>").append(esc(r.set().name())).append("</h3><table><tr><th>crop</th><th>file</th><th>truth</th>"
        + "<th>default</th><th>free</th><th>hint</th></tr>");
    int shown = 0;
    for (int i : order) {
      if (shown++ >= WORST || modes.getFirst().get(i).charAccuracy() >= 1) {
        break;
      }
      row(h, byFile, modes, i, null);
    }
    h.append("</table>");
  }

  /** A scene set's false reads in the default mode: how many, and the first {@link #WORST} with their box. */
  private static void falseReads(StringBuilder h, SuiteCommand.SetResult r) {
    if (r.set().crops()) {
      return;
    }
    EvalMetrics m = r.main();
    h.append("<h3>").append(esc(r.set().name())).append(" (").append(m.falseReads()).append(" in ")
        .append(m.images()).append(" frames)</h3>");
    if (m.falseReads() == 0) {
      return;
    }
    Map<String, DevSet.Sample> byFile = samplesByFile(r);
    h.append("<table><tr><th>box</th><th>file</th><th>read</th></tr>");
    for (EvalMetrics.FalseRead f : m.falseReadExamples().subList(0, Math.min(WORST, m.falseReadExamples().size()))) {
      DevSet.Sample s = byFile.get(f.file());
      h.append("<tr><td>").append(s == null ? "" : crop(s.image(), f.box(), f.read())).append("</td><td>")
          .append(esc(f.file())).append("</td><td>").append(esc(f.read())).append("</td></tr>");
    }
    h.append("</table>");
  }

  /** The plates of a set that one mode reads exactly and another does not: what the format rules gain and cost. */
  private static void disagreements(StringBuilder h, SuiteCommand.SetResult r) {
    List<List<EvalMetrics.Case>> modes = r.modes().stream().map(EvalMetrics::cases).toList();
    Map<String, DevSet.Sample> byFile = samplesByFile(r);
    List<SuiteCommand.PlateReads> changed = SuiteCommand.changed(r);
    if (changed.isEmpty()) {
      return;
    }
    h.append("<h3>").append(esc(r.set().name())).append(" (").append(changed.size()).append(" plates)</h3><table><tr>"
        + "<th>crop</th><th>file</th><th>truth</th><th>default</th><th>free</th><th>hint</th></tr>");
    for (SuiteCommand.PlateReads c : changed.subList(0, Math.min(changed.size(), 3 * WORST))) {
      boolean[] right = new boolean[modes.size()];
      for (int m = 0; m < modes.size(); m++) {
        right[m] = c.exact(m);
      }
      row(h, byFile, modes, c.index(), right);
    }
    h.append("</table>");
  }

  private static Map<String, DevSet.Sample> samplesByFile(SuiteCommand.SetResult r) {
    Map<String, DevSet.Sample> byFile = new LinkedHashMap<>();
    r.samples().forEach(s -> byFile.put(s.image().getFileName().toString(), s));
    return byFile;
  }

  /**
   * One plate's row: its crop, file and truth, then its read in each mode; with {@code right}, the modes that read
   * it wrong are marked.
   */
  private static void row(StringBuilder out, Map<String, DevSet.Sample> byFile, List<List<EvalMetrics.Case>> modes,
                          int i, boolean[] right) {
    EvalMetrics.Case c = modes.getFirst().get(i);
    out.append("<tr><td>").append(crop(byFile.get(c.file()), c.truth())).append("</td><td>").append(esc(c.file()))
        .append("</td><td>").append(esc(c.truth())).append("</td>");
    for (int m = 0; m < modes.size(); m++) {
      String read = modes.get(m).get(i).read();
      out.append("<td").append(right == null || right[m] ? "" : " class=bad").append('>')
          .append(read == null ? "<i>none</i>" : esc(read)).append("</td>");
    }
    out.append("</tr>");
  }

  /** The truth box of the plate, 44 px high, as an inline PNG; empty when the image cannot be read. */
  private static String crop(DevSet.Sample s, String truth) {
    if (s == null) {
      return "";
    }
    Box b = s.plates().stream().filter(t -> truth.equals(t.plate())).map(DevSet.Truth::box).findFirst().orElse(null);
    return crop(s.image(), b, truth);
  }

  /** A box of an image (null: the whole image), 44 px high, as an inline PNG; empty when it cannot be read. */
  private static String crop(Path image, Box box, String alt) {
    try {
      BufferedImage img = ImageIO.read(image.toFile());
      if (img == null) {
        return "";
      }
      Box b = box != null ? box : new Box(0, 0, img.getWidth(), img.getHeight());
      int x0 = Math.max(0, b.x());
      int y0 = Math.max(0, b.y());
      int x1 = Math.min(img.getWidth(), b.x() + b.w());
      int y1 = Math.min(img.getHeight(), b.y() + b.h());
      if (x1 <= x0 || y1 <= y0) {
        return "";
      }
      int outH = 44;
      int outW = Math.max(1, Math.min(400, (x1 - x0) * outH / (y1 - y0)));
      BufferedImage out = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = out.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img, 0, 0, outW, outH, x0, y0, x1, y1, null);
      g.dispose();
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(out, "png", png);
      return "<img class=crop alt=\"" + esc(alt) + "\" src=\"data:image/png;base64,"
          + Base64.getEncoder().encodeToString(png.toByteArray()) + "\">";
    } catch (IOException e) {
      return "";
    }
  }

  private static String f(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
