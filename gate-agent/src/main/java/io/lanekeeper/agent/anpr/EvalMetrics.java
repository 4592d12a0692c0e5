package io.lanekeeper.agent.anpr;

import io.lanekeeper.anpr.Detection;
import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.bus.Box;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * The accuracy of the engine on an annotated set, computed from predictions alone (no model needed).
 *
 * <ul>
 *   <li><b>detection recall</b>: annotated boxes (readable or not) that some predicted box overlaps with IoU
 *   at least 0.5, over all annotated boxes;</li>
 *   <li><b>plate accuracy</b>: readable annotated plates whose matched read (the predicted box with the highest
 *   IoU, at least 0.5) has exactly the annotated text; a missed plate or a box without a read is wrong;</li>
 *   <li><b>character accuracy</b>: per readable plate {@code max(0, 1 - levenshtein(read, truth) / len(truth))},
 *   0 for a missed plate, averaged over readable plates;</li>
 *   <li><b>confusions</b>: truth character to read character, counted from the substitutions of the Levenshtein
 *   alignment;</li>
 *   <li><b>latency</b>: nearest-rank p50 and p95 of the per-image times given;</li>
 *   <li><b>by plate width</b>: recall and exact reads of the annotated plates by their box's width in pixels
 *   ({@link #WIDTH_BUCKETS}): far plates, 60 to 120 px wide in a 1080p frame, are what a parking-lot camera
 *   misses first.</li>
 *   <li><b>false reads</b>: reads (a box the engine kept a text for) whose box overlaps no annotated box, readable
 *   or not, by IoU {@link #IOU_SOMEWHERE} or more: text that is not a plate (a sign, a truck's lettering, a
 *   bumper sticker) read as one, which a lane would pass to the matcher. A loose or partial box on a real plate is
 *   not one.</li>
 * </ul>
 */
public final class EvalMetrics {

  public static final double IOU_MATCH = 0.5;
  /** Below this IoU with every annotated box a read is of no plate: a false read. */
  public static final double IOU_SOMEWHERE = 0.1;
  /** False reads kept as examples (the first ones added); the count has them all. */
  static final int FALSE_READ_EXAMPLES = 50;

  /** Where the plate-width buckets start, in pixels of the box's width. */
  static final int[] WIDTH_EDGES = {0, 80, 120, 200};
  /** The buckets' names, in the order of {@link #WIDTH_EDGES}. */
  public static final List<String> WIDTH_BUCKETS = List.of("under 80 px", "80-119 px", "120-199 px", "200 px and up");

  /** One plate-width bucket: annotated plates, those detected, readable, read exactly. */
  public record WidthBucket(String name, int plates, int detected, int readable, int exact) {

    public double detectionRecall() {
      return plates == 0 ? 0 : (double) detected / plates;
    }

    public double plateAccuracy() {
      return readable == 0 ? 0 : (double) exact / readable;
    }
  }

  /** A predicted box and its read; {@code plate} null when the box had no accepted read. */
  public record Predicted(Box box, String plate) {
  }

  /** Every box the engine looked at, with the read it kept for that box (null when it kept none). */
  public static List<Predicted> predictions(List<Detection> looked, List<RecognizedPlate> kept) {
    List<Predicted> out = new ArrayList<>(looked.size());
    for (Detection d : looked) {
      String text = kept.stream().filter(p -> p.box().equals(d.box())).map(RecognizedPlate::text).findFirst()
          .orElse(null);
      out.add(new Predicted(d.box(), text));
    }
    return out;
  }

  /** A read of no annotated plate: the image, the text read, and its box. */
  public record FalseRead(String file, String read, Box box) {
  }

  /** One readable annotated plate and how it was read ({@code read} null when missed). */
  public record Case(String file, String truth, String read, double charAccuracy) {
  }

  private int images;
  private int boxes;
  private int detected;
  private int readable;
  private int exact;
  private double charSum;
  private final List<Case> cases = new ArrayList<>();
  private int falseReads;
  private final List<FalseRead> falseReadExamples = new ArrayList<>();
  private final Map<String, Integer> confusions = new TreeMap<>();
  private final List<Double> latencies = new ArrayList<>();
  private final int[][] byWidth = new int[WIDTH_EDGES.length][4];   // plates, detected, readable, exact

  public void add(String file, List<DevSet.Truth> truths, List<Predicted> predicted, double latencyMs) {
    images++;
    if (latencyMs >= 0) {
      latencies.add(latencyMs);
    }
    for (DevSet.Truth t : truths) {
      boxes++;
      Predicted best = null;
      double bestIou = 0;
      for (Predicted p : predicted) {
        double iou = p.box().iou(t.box());
        if (iou > bestIou) {
          bestIou = iou;
          best = p;
        }
      }
      boolean found = bestIou >= IOU_MATCH;
      int[] w = byWidth[widthBucket(t.box().w())];
      w[0]++;
      if (found) {
        detected++;
        w[1]++;
      }
      if (t.plate() == null) {
        continue;
      }
      readable++;
      w[2]++;
      String read = found && best.plate() != null ? DevSet.normalise(best.plate()) : null;
      double acc = read == null ? 0 : charAccuracy(t.plate(), read);
      if (t.plate().equals(read)) {
        exact++;
        w[3]++;
      }
      if (read != null) {
        countSubstitutions(t.plate(), read);
      }
      charSum += acc;
      cases.add(new Case(file, t.plate(), read, acc));
    }
    for (Predicted p : predicted) {
      if (p.plate() != null && truths.stream().noneMatch(t -> p.box().iou(t.box()) >= IOU_SOMEWHERE)) {
        falseReads++;
        if (falseReadExamples.size() < FALSE_READ_EXAMPLES) {
          falseReadExamples.add(new FalseRead(file, DevSet.normalise(p.plate()), p.box()));
        }
      }
    }
  }

  static int widthBucket(int w) {
    int b = 0;
    while (b + 1 < WIDTH_EDGES.length && w >= WIDTH_EDGES[b + 1]) {
      b++;
    }
    return b;
  }

  /** The plates by their box's width ({@link #WIDTH_BUCKETS}), empty buckets included. */
  public List<WidthBucket> byWidth() {
    List<WidthBucket> out = new ArrayList<>(WIDTH_EDGES.length);
    for (int b = 0; b < WIDTH_EDGES.length; b++) {
      int[] c = byWidth[b];
      out.add(new WidthBucket(WIDTH_BUCKETS.get(b), c[0], c[1], c[2], c[3]));
    }
    return out;
  }

  /** {@link #byWidth()} as JSON: the non-empty buckets. */
  public JsonArray byWidthJson() {
    JsonArray a = new JsonArray();
    for (WidthBucket b : byWidth()) {
      if (b.plates() > 0) {
        a.add(new JsonObject().put("width", b.name()).put("plates", b.plates())
            .put("detection_recall", round(b.detectionRecall())).put("readable", b.readable())
            .put("exact", b.exact()).put("plate_accuracy", round(b.plateAccuracy())));
      }
    }
    return a;
  }

  /** {@code max(0, 1 - levenshtein / len(truth))}. */
  public static double charAccuracy(String truth, String read) {
    if (truth.isEmpty()) {
      return read.isEmpty() ? 1 : 0;
    }
    int d = LevenshteinDistance.getDefaultInstance().apply(truth, read);
    return Math.max(0, 1 - (double) d / truth.length());
  }

  /** Walks back one optimal Levenshtein alignment, preferring substitutions, and counts them. */
  private void countSubstitutions(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int sub = d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        d[i][j] = Math.min(sub, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
      }
    }
    int i = a.length();
    int j = b.length();
    while (i > 0 && j > 0) {
      boolean same = a.charAt(i - 1) == b.charAt(j - 1);
      if (d[i][j] == d[i - 1][j - 1] + (same ? 0 : 1)) {
        if (!same) {
          confusions.merge(a.charAt(i - 1) + ">" + b.charAt(j - 1), 1, Integer::sum);
        }
        i--;
        j--;
      } else if (d[i][j] == d[i - 1][j] + 1) {
        i--;
      } else {
        j--;
      }
    }
  }

  public int images() {
    return images;
  }

  public int plates() {
    return boxes;
  }

  public int readablePlates() {
    return readable;
  }

  public double detectionRecall() {
    return boxes == 0 ? 0 : (double) detected / boxes;
  }

  /** Readable plates read exactly. */
  public int exactPlates() {
    return exact;
  }

  public double plateAccuracy() {
    return readable == 0 ? 0 : (double) exact / readable;
  }

  public double charAccuracy() {
    return readable == 0 ? 0 : charSum / readable;
  }

  /** Reads of no annotated plate ({@link #IOU_SOMEWHERE}), over all images. */
  public int falseReads() {
    return falseReads;
  }

  /** The first {@link #FALSE_READ_EXAMPLES} false reads, in the order they were added. */
  public List<FalseRead> falseReadExamples() {
    return List.copyOf(falseReadExamples);
  }

  /** Counts keyed {@code "O>0"}: truth O read as 0. */
  public Map<String, Integer> confusions() {
    return confusions;
  }

  /** Nearest-rank percentile of the latencies, in ms; 0 when none. */
  public double latencyPercentile(double pct) {
    return percentile(latencies.stream().mapToDouble(Double::doubleValue).toArray(), pct);
  }

  public static double percentile(double[] values, double pct) {
    if (values.length == 0) {
      return 0;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int rank = (int) Math.ceil(pct / 100.0 * v.length);
    return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
  }

  /** Every readable plate as it was read, in the order they were added. */
  public List<Case> cases() {
    return List.copyOf(cases);
  }

  /** Worst read first: lowest character accuracy, then file name. */
  public static final Comparator<Case> WORST_FIRST =
      Comparator.comparingDouble(Case::charAccuracy).thenComparing(Case::file);

  /** The {@code k} plates read worst ({@link #WORST_FIRST}). */
  public List<Case> worst(int k) {
    return cases.stream().sorted(WORST_FIRST).limit(k).toList();
  }

  public JsonObject toJson(int worstK) {
    JsonObject conf = new JsonObject();
    confusions.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> conf.put(e.getKey(), e.getValue()));
    JsonArray worst = new JsonArray();
    worst(worstK).forEach(c -> worst.add(new JsonObject().put("file", c.file()).put("truth", c.truth())
        .put("read", c.read()).put("char_accuracy", round(c.charAccuracy()))));
    return new JsonObject()
        .put("images", images)
        .put("plates", boxes)
        .put("readable_plates", readable)
        .put("detection_recall", round(detectionRecall()))
        .put("plate_accuracy", round(plateAccuracy()))
        .put("char_accuracy", round(charAccuracy()))
        .put("latency_ms", new JsonObject().put("p50", round(latencyPercentile(50)))
            .put("p95", round(latencyPercentile(95))))
        .put("by_width", byWidthJson())
        .put("confusion", conf)
        .put("worst", worst)
        .put("false_reads", falseReads)
        .put("false_read_examples", falseReadsJson());
  }

  /** {@link #falseReadExamples()} as JSON: file, read, box {@code [x, y, w, h]}. */
  public JsonArray falseReadsJson() {
    JsonArray a = new JsonArray();
    falseReadExamples.forEach(f -> a.add(new JsonObject().put("file", f.file()).put("read", f.read())
        .put("box", new JsonArray().add(f.box().x()).add(f.box().y()).add(f.box().w()).add(f.box().h()))));
    return a;
  }

  static double round(double d) {
    return Math.round(d * 10000) / 10000.0;
  }
}
