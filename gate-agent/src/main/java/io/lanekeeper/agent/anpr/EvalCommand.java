package io.lanekeeper.agent.anpr;

import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.FormatRules;
import io.lanekeeper.anpr.ImageRejectedException;
import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.anpr.StageTimes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code anpr eval DIR [--json FILE] [--formats a,b] [--limit N] [--worst K] [--annotated-boxes] [--min-length N]}:
 * runs the engine over an annotated folder (see {@link DevSet}) as a lane of those formats reads it and reports
 * detection recall, plate and character accuracy, latency, the character confusions and the worst reads
 * (definitions in {@link EvalMetrics}). With {@code --annotated-boxes} the detector is skipped and the OCR reads the
 * annotated boxes: the gap between the two runs is what the detector's misses and loose boxes cost. {@code
 * --min-length N} reads as a lane whose {@code read.minLength} is N (below 4: its short plates are read).
 */
public final class EvalCommand {

  static final String USAGE = "usage: anpr eval DIR [--json FILE] [--formats a,b] [--limit N] [--worst K] "
      + "[--annotated-boxes] [--min-length N] [--config FILE] [--detector F] [--ocr F] [--decoder opencv|imageio]";
  private static final long PROGRESS_NS = 5_000_000_000L;

  private EvalCommand() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  public static int run(String[] args, PrintStream out) {
    try {
      CliOptions o = CliOptions.parse(args, Set.of("json", "limit", "worst", "min-length"), Set.of("annotated-boxes"));
      if (o.positional.size() != 1) {
        out.println(USAGE);
        return 2;
      }
      List<DevSet.Sample> samples = DevSet.load(Path.of(o.positional.get(0)));
      int limit = o.intOption("limit", Integer.MAX_VALUE);
      if (samples.size() > limit) {
        samples = samples.subList(0, limit);
      }
      int worstK = o.intOption("worst", 10);
      boolean annotatedBoxes = o.named.containsKey("annotated-boxes");
      EvalMetrics m;
      String engine;
      int minLength = o.minLength();
      try (DjlPlateRecognizer r = new DjlPlateRecognizer(o.config())) {
        // an unknown format name fails here, before any image is read
        m = evaluate(r, samples, r.rulesFor(o.formats(), false, minLength), annotatedBoxes, out);
        engine = r.describe();
      }
      if (annotatedBoxes) {
        engine += ", OCR on the annotated boxes (no detector)";
      }
      print(m, worstK, engine, out);
      if (o.named.containsKey("json")) {
        JsonObject j = m.toJson(worstK).put("engine", engine).put("dataset", o.positional.get(0))
            .put("boxes", annotatedBoxes ? "annotated" : "detector");
        Files.writeString(Path.of(o.named.get("json")), j.encodePrettily());
      }
      return 0;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      out.println("eval failed: " + e.getMessage());
      return 2;
    }
  }

  /** The engine over the samples as a lane of these rules (its formats and shortest reading) reads them. */
  static EvalMetrics evaluate(DjlPlateRecognizer r, List<DevSet.Sample> samples, FormatRules rules,
                              boolean annotatedBoxes, PrintStream out) throws IOException {
    EvalMetrics m = new EvalMetrics();
    List<FormatRules> lane = List.of(rules);
    r.warmUp();
    if (!samples.isEmpty()) {
      try {
        r.recognizeModes(Files.readAllBytes(samples.get(0).image()), lane, null, new StageTimes());
      } catch (ImageRejectedException e) {
        // reported below with the others
      }
    }
    long start = System.nanoTime();
    long lastProgress = start;
    int done = 0;
    for (DevSet.Sample s : samples) {
      byte[] bytes = Files.readAllBytes(s.image());
      StageTimes t = new StageTimes();
      List<EvalMetrics.Predicted> predicted = List.of();
      double ms = -1;
      try {
        long t0 = System.nanoTime();
        List<RecognizedPlate> plates = r.recognizeModes(bytes, lane,
            annotatedBoxes ? s.plates().stream().map(DevSet.Truth::box).toList() : null, t).getFirst();
        ms = (System.nanoTime() - t0) / 1e6;
        predicted = EvalMetrics.predictions(t.detections(), plates);
      } catch (ImageRejectedException e) {
        out.println("eval: " + s.image().getFileName() + " rejected: " + e.getMessage());
      }
      m.add(s.image().getFileName().toString(), s.plates(), predicted, ms);
      done++;
      long now = System.nanoTime();
      if (now - lastProgress >= PROGRESS_NS) {
        lastProgress = now;
        out.printf("eval %d/%d  %.1f s  plate acc %.3f  char acc %.3f%n", done, samples.size(),
            (now - start) / 1e9, m.plateAccuracy(), m.charAccuracy());
      }
    }
    return m;
  }

  static void print(EvalMetrics m, int worstK, String engine, PrintStream out) {
    out.println("engine:             " + engine);
    out.printf("images:             %d%n", m.images());
    out.printf("plates:             %d (%d readable)%n", m.plates(), m.readablePlates());
    out.printf("detection recall:   %.4f  (IoU >= %.1f)%n", m.detectionRecall(), EvalMetrics.IOU_MATCH);
    out.printf("plate accuracy:     %.4f  (exact text, missed = wrong)%n", m.plateAccuracy());
    out.printf("char accuracy:      %.4f  (1 - edit distance / length, missed = 0)%n", m.charAccuracy());
    out.printf("latency per image:  p50 %.1f ms, p95 %.1f ms%n", m.latencyPercentile(50), m.latencyPercentile(95));
    out.printf("false reads:        %d in %d images  (a read whose box overlaps no annotated plate, IoU < %.1f)%n",
        m.falseReads(), m.images(), EvalMetrics.IOU_SOMEWHERE);
    out.println("by plate width:");
    for (EvalMetrics.WidthBucket w : m.byWidth()) {
      if (w.plates() > 0) {
        out.printf("  %-14s %4d plates  recall %.4f  exact %d/%d (%.4f)%n", w.name(), w.plates(),
            w.detectionRecall(), w.exact(), w.readable(), w.plateAccuracy());
      }
    }
    out.println("confusions (truth>read: count):");
    m.confusions().entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(20)
        .forEach(e -> out.printf("  %s: %d%n", e.getKey(), e.getValue()));
    out.println("worst reads:");
    for (EvalMetrics.Case c : m.worst(worstK)) {
      out.printf("  %-28s truth %-10s read %-10s char acc %.2f%n", c.file(), c.truth(),
          c.read() == null ? "(none)" : c.read(), c.charAccuracy());
    }
    if (m.falseReads() > 0) {
      out.println("false reads:");
      m.falseReadExamples().stream().limit(worstK).forEach(f -> out.printf("  %-28s read %-10s box %d,%d %dx%d%n",
          f.file(), f.read(), f.box().x(), f.box().y(), f.box().w(), f.box().h()));
    }
  }
}
