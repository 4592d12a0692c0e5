package io.lanekeeper.agent.anpr;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.FormatRules;
import io.lanekeeper.anpr.ImageRejectedException;
import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.anpr.StageTimes;
import io.lanekeeper.anpr.TeacherReader;
import io.lanekeeper.bus.Box;
import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import io.lanekeeper.web.Csv;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code anpr pseudo-label DIR --teacher T --formats EUROPE}: labels plate crops that have no text by machine, and
 * keeps only the labels it can trust. A crop's label is kept when two independent readers agree on it (the engine's
 * OCR with the lane rules of {@code --formats}, and the teacher, {@link TeacherReader}), the engine's read fits a
 * profile of those formats, and both are sure of it (the engine's plate confidence at least {@code --min-ours}, the
 * teacher's least sure character at least {@code --min-teacher}).
 *
 * <p>On a folder without {@code labels.csv} it writes every crop's two reads and the verdict to {@code --out} (a CSV
 * that {@code models/training/train_ocr.py --pseudo} trains on, kept rows only). On a labelled folder (a
 * {@code labels.csv} with {@code file,plate}) it measures the rule instead: how many crops it keeps and how many of
 * the kept labels are right, against the engine and the teacher alone.
 */
public final class PseudoLabelCommand {

  static final String USAGE = "usage: anpr pseudo-label DIR --teacher DIR --formats EUROPE [--out FILE.csv] "
      + "[--json FILE] [--min-ours 0.9] [--min-teacher 0.9] [--limit N]";

  private PseudoLabelCommand() {
  }

  /** The rule for keeping a label. */
  record Rule(Set<String> profileIds, double minOurs, double minTeacher) {

    boolean keeps(RecognizedPlate ours, TeacherReader.Read teacher) {
      // one-row formats only: the teacher reads one line, and a two-row label would train a line the engine never reads
      return ours != null && teacher != null && ours.text().equals(teacher.text())
          && ours.format() != null && profileIds.contains(ours.format())
          && ours.confidence() >= minOurs && teacher.confidence() >= minTeacher;
    }
  }

  /** One crop: its two reads, the verdict, and its truth where the folder has labels. */
  record Row(Path file, String truth, RecognizedPlate ours, TeacherReader.Read teacher, boolean kept) {
  }

  public static int run(String[] args, PrintStream out) {
    CliOptions o;
    AnprConfig cfg;
    Rule rule;
    Path teacherDir;
    int limit;
    try {
      o = CliOptions.parse(args, Set.of("teacher", "out", "json", "min-ours", "min-teacher", "limit"), Set.of());
      cfg = o.config();
      if (o.positional.size() != 1 || !o.named.containsKey("teacher") || o.formats().isEmpty()) {
        throw new IllegalArgumentException("needs one folder of crops, --teacher DIR and --formats");
      }
      Set<String> ids = PlateProfiles.builtIn().select(o.formats()).stream().filter(p -> p.rowPatterns().size() == 1)
          .map(PlateProfile::id).collect(Collectors.toSet());
      rule = new Rule(ids, o.decimalOption("min-ours", 0.9, 0, 1), o.decimalOption("min-teacher", 0.9, 0, 1));
      teacherDir = Path.of(o.named.get("teacher"));
      limit = o.intOption("limit", Integer.MAX_VALUE);
      // before minutes of reading: the labels' folder is made now, or the command says at once why it cannot be
      outFolder(o.named.get("out"));
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("anpr pseudo-label: " + e.getMessage());
      System.err.println(USAGE);
      return 2;
    }
    Path dir = Path.of(o.positional.getFirst());
    List<Row> rows = new ArrayList<>();
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(cfg); TeacherReader teacher = new TeacherReader(teacherDir)) {
      Map<Path, String> truth = truth(dir);
      List<Path> files = truth.isEmpty() ? images(dir) : new ArrayList<>(truth.keySet());
      if (files.isEmpty()) {
        throw new IOException("no crops in " + dir);
      }
      files = files.subList(0, Math.min(limit, files.size()));
      List<FormatRules> lane = List.of(r.rulesFor(o.formats()));
      long started = System.nanoTime();
      for (int i = 0; i < files.size(); i++) {
        Path f = files.get(i);
        byte[] bytes;
        BufferedImage img;
        try {
          bytes = Files.readAllBytes(f);
          img = ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
          img = null;
          bytes = null;
        }
        if (img == null) {
          System.err.println("pseudo-label: " + f + " cannot be read as an image, skipped");
          continue;
        }
        RecognizedPlate ours;
        try {
          List<RecognizedPlate> read = r.recognizeModes(bytes, lane,
              List.of(new Box(0, 0, img.getWidth(), img.getHeight())), new StageTimes()).getFirst();
          ours = read.isEmpty() ? null : read.getFirst();
        } catch (ImageRejectedException e) {
          System.err.println("pseudo-label: " + f + ": " + e.getMessage());
          continue;
        }
        TeacherReader.Read t = teacher.read(img);
        rows.add(new Row(f, truth.get(f), ours, t, rule.keeps(ours, t)));
        if ((i + 1) % 200 == 0) {
          System.err.printf(Locale.ROOT, "pseudo-label: %d/%d crops, %d kept (%.1f crops/s)%n", i + 1, files.size(),
              rows.stream().filter(Row::kept).count(), (i + 1) / ((System.nanoTime() - started) / 1e9));
        }
      }
      JsonObject summary = truth.isEmpty() ? label(rows, o.named.get("out"), out) : measure(rows, out);
      summary.put("folder", dir.toString()).put("formats", String.join(",", o.formats()))
          .put("min_ours", rule.minOurs()).put("min_teacher", rule.minTeacher());
      if (o.named.containsKey("json")) {
        Files.writeString(Path.of(o.named.get("json")), summary.encodePrettily() + "\n");
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      System.err.println("anpr pseudo-label: " + e.getMessage());
      return 2;
    }
    return 0;
  }

  /** Creates the folder of {@code --out FILE} where it is missing; an error names the option and the folder. */
  static void outFolder(String outFile) throws IOException {
    if (outFile == null) {
      return;
    }
    Path parent = Path.of(outFile).toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new IOException("--out: cannot create the folder " + parent + cause(e), e);
    }
  }

  /** What went wrong, as {@code " (NoSuchFileException: /x/y)"}: some exceptions' messages are the bare path. */
  private static String cause(IOException e) {
    return " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")";
  }

  /** A labelled folder's truth by file (single-row plates: a two-row set's joined text has no one line to read). */
  private static Map<Path, String> truth(Path dir) throws IOException {
    Map<Path, String> out = new java.util.LinkedHashMap<>();
    if (Files.isRegularFile(dir.resolve("labels.csv"))) {
      DevSet.cropLabels(dir).forEach(l -> out.put(l.image(), l.plate()));
    }
    return out;
  }

  private static List<Path> images(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("no such folder: " + dir);
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("(?i).+\\.(png|jpe?g)")).sorted().toList();
    }
  }

  private static JsonObject label(List<Row> rows, String outFile, PrintStream out) throws IOException {
    if (outFile == null) {
      throw new IllegalArgumentException("labelling a folder without labels.csv needs --out FILE.csv");
    }
    StringBuilder csv = new StringBuilder();
    Csv.row(csv, "file", "plate", "country", "format", "ours", "ours_confidence", "teacher", "teacher_confidence",
        "kept");
    for (Row r : rows) {
      String ours = r.ours() == null ? "" : r.ours().text();
      String format = r.ours() == null || r.ours().format() == null ? "" : r.ours().format();
      String country = format.isEmpty() ? "" : PlateProfiles.builtIn().get(format).country();
      Csv.row(csv, r.file().toAbsolutePath().toString(), r.kept() ? ours : "", country, format, ours,
          String.format(Locale.ROOT, "%.4f", r.ours() == null ? 0 : r.ours().confidence()), r.teacher().text(),
          String.format(Locale.ROOT, "%.4f", r.teacher().confidence()), r.kept() ? 1 : 0);
    }
    try {
      Files.writeString(Path.of(outFile), csv);
    } catch (IOException e) {
      throw new IOException("cannot write --out " + outFile + cause(e), e);
    }
    long kept = rows.stream().filter(Row::kept).count();
    long agree = rows.stream().filter(r -> r.ours() != null && r.ours().text().equals(r.teacher().text())).count();
    out.printf(Locale.ROOT, "%d crops: the two readers agree on %d, %d labels kept (%.1f%%) in %s%n", rows.size(),
        agree, kept, 100.0 * kept / Math.max(1, rows.size()), outFile);
    return new JsonObject().put("crops", rows.size()).put("agree", agree).put("kept", kept);
  }

  private static JsonObject measure(List<Row> rows, PrintStream out) {
    int n = rows.size();
    long ours = rows.stream().filter(r -> r.ours() != null && r.ours().text().equals(r.truth())).count();
    long teacher = rows.stream().filter(r -> r.teacher().text().equals(r.truth())).count();
    List<Row> agree = rows.stream().filter(r -> r.ours() != null && r.ours().text().equals(r.teacher().text()))
        .toList();
    long agreeRight = agree.stream().filter(r -> r.ours().text().equals(r.truth())).count();
    List<Row> kept = rows.stream().filter(Row::kept).toList();
    long keptRight = kept.stream().filter(r -> r.ours().text().equals(r.truth())).count();
    out.println("| crops | engine exact | teacher exact | agree | agree precision | kept | kept precision |");
    out.println("|---|---|---|---|---|---|---|");
    out.printf(Locale.ROOT, "| %d | %.4f | %.4f | %d | %.4f | %d (%.1f%%) | %.4f |%n", n, ours / (double) n,
        teacher / (double) n, agree.size(), agreeRight / Math.max(1.0, agree.size()), kept.size(),
        100.0 * kept.size() / n, keptRight / Math.max(1.0, kept.size()));
    for (Row r : kept) {
      if (!r.ours().text().equals(r.truth())) {
        out.println("wrong label kept: " + r.file().getFileName() + " " + r.ours().text() + " (truth " + r.truth()
            + ")");
      }
    }
    return new JsonObject().put("crops", n).put("engine_exact", ours / (double) n)
        .put("teacher_exact", teacher / (double) n).put("agree", agree.size())
        .put("agree_precision", agreeRight / Math.max(1.0, agree.size())).put("kept", kept.size())
        .put("kept_precision", keptRight / Math.max(1.0, kept.size()));
  }
}
