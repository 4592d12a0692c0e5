package io.lanekeeper.agent.anpr;

import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.FormatRules;
import io.lanekeeper.anpr.ImageRejectedException;
import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.anpr.StageTimes;
import io.lanekeeper.anpr.codec.ImageHeader;
import io.lanekeeper.bus.Box;
import io.lanekeeper.synth.SynthCommand;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code anpr suite [--json FILE] [--report DIR] [--sets a,b] [--limit N] [--datasets DIR] [--cache DIR]}: the
 * engine on every set of the evaluation suite ({@code models/eval/suite.json}), one table. Each plate is read once
 * and judged three ways: with the default rules (a lane without formats), with free reads only (format rules off)
 * and with the set's own country or region as the lane's hint. Crop sets are read on their whole crop (no
 * detector); scene sets end to end. Synthetic sets are drawn with the suite's fixed seed into the cache the first
 * time. The macro average over the sets decides whether a change is kept ({@code docs/benchmarks.md}). The lanes
 * read plates of 4 characters or more, as a lane does by default; {@code --min-length N} measures lanes whose
 * {@code read.minLength} is N (short plates such as Jersey's {@code J 7} read, or fragments kept).
 */
public final class SuiteCommand {

  static final String USAGE = "usage: anpr suite [--json FILE] [--report DIR] [--sets a,b] [--limit N] "
      + "[--datasets DIR] [--cache DIR] [--suite FILE] [--compare BEFORE.json] [--config FILE] [--detector F] "
      + "[--ocr F] [--refiner F] [--min-length N] [--cases FILE.csv]";
  /** The exit status of {@code --compare} when the models measured are worse than before ({@link SuiteCompare}). */
  static final int WORSE = 3;
  static final List<String> MODES = List.of("default", "free", "hint");
  private static final long PROGRESS_NS = 5_000_000_000L;

  /** One set of the suite as {@code suite.json} defines it. */
  record SetDef(String name, String kind, String source, String split, String hint, String region,
                JsonObject synth) {

    boolean crops() {
      return "crops".equals(kind);
    }
  }

  /**
   * One set measured: the same plates judged in each mode, its samples, and for a synthetic set the plates drawn in
   * each scene file, in its label order ({@link SuiteCommand#drawnProfiles}; empty for other sets).
   */
  record SetResult(SetDef set, List<EvalMetrics> modes, List<DevSet.Sample> samples, Map<String, List<Drawn>> drawn) {

    SetResult(SetDef set, List<EvalMetrics> modes, List<DevSet.Sample> samples) {
      this(set, modes, samples, Map.of());
    }

    SetResult withDrawn(Map<String, List<Drawn>> profiles) {
      return new SetResult(set, modes, samples, Map.copyOf(profiles));
    }

    EvalMetrics main() {
      return modes.getFirst();
    }

    /** Two binomial standard errors of the default mode's exact count, in plates (at least 1). */
    int noisePlates() {
      int n = main().readablePlates();
      double p = main().plateAccuracy();
      return Math.max(1, (int) Math.ceil(2 * Math.sqrt(n * p * (1 - p))));
    }
  }

  private SuiteCommand() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  public static int run(String[] args, PrintStream out) {
    try {
      CliOptions o = CliOptions.parse(args, Set.of("json", "report", "sets", "limit", "datasets", "cache", "suite",
          "compare", "min-length", "cases"), Set.of());
      JsonObject before = o.named.containsKey("compare")
          ? new JsonObject(Files.readString(Path.of(o.named.get("compare")))) : null;
      if (!o.positional.isEmpty()) {
        out.println(USAGE);
        return 2;
      }
      JsonObject suite = loadSuite(o.named.get("suite"));
      List<SetDef> sets = select(sets(suite), o.named.get("sets"));
      Path datasets = Path.of(option(o, "datasets", "LK_DATASETS", "../shared/datasets"));
      Path cache = Path.of(option(o, "cache", "LK_CACHE", ".cache/suite"));
      int limit = o.intOption("limit", Integer.MAX_VALUE);
      int minLength = o.minLength();   // the lanes' shortest reading: 4 by default, as a lane's
      List<SetResult> results = new ArrayList<>();
      String engine;
      try (DjlPlateRecognizer r = new DjlPlateRecognizer(o.config())) {
        r.warmUp();
        for (SetDef s : sets) {
          List<DevSet.Sample> samples = samples(s, suite, datasets, cache, out);
          if (samples.size() > limit) {
            samples = samples.subList(0, limit);
          }
          List<FormatRules> modes = List.of(r.rulesFor(List.of(), false, minLength), r.freeReadRules(minLength),
              r.rulesFor(List.of(s.hint()), false, minLength));
          Map<String, List<Drawn>> drawn = s.synth() != null && !samples.isEmpty()
              ? drawnProfiles(samples.getFirst().image().getParent()) : Map.of();
          results.add(measure(r, s, samples, modes, out).withDrawn(drawn));
        }
        engine = r.describe();
      }
      printTable(results, out);
      JsonObject json = toJson(results).put("engine", engine);
      if (minLength != FormatRules.DEFAULT_MIN_LENGTH) {
        json.put("min_length", minLength);
      }
      if (o.named.containsKey("json")) {
        Path jf = Path.of(o.named.get("json"));
        Files.writeString(jf, json.encodePrettily());
        out.println("suite: figures written to " + jf);
      }
      if (o.named.containsKey("cases")) {
        Path cf = Path.of(o.named.get("cases"));
        Files.writeString(cf, casesCsv(results));
        out.println("suite: every plate and its reads written to " + cf);
      }
      Path report = Path.of(o.named.getOrDefault("report", "suite-report"));
      Path html = SuiteReport.write(report, results, json);
      out.println("suite: report (charts, confusions per region, worst crops) in " + html);
      if (before != null) {
        SuiteCompare.Verdict v = SuiteCompare.compare(before, json);
        out.println();
        out.println("before (" + before.getString("engine", "?") + ")");
        out.println("after  (" + engine + ")");
        out.print(v.table());
        out.println(v.line());
        return v.keep() ? 0 : WORSE;
      }
      return 0;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      out.println("suite failed: " + e.getMessage());
      return 2;
    }
  }

  private static String option(CliOptions o, String name, String env, String def) {
    String v = o.named.get(name);
    if (v == null) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? def : v;
  }

  static JsonObject loadSuite(String file) throws IOException {
    if (file != null) {
      return new JsonObject(Files.readString(Path.of(file)));
    }
    return new JsonObject(resource("eval/suite.json"));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SuiteCommand.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("missing classpath resource " + name + " (the jar is built from models/eval)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static List<SetDef> sets(JsonObject suite) {
    List<SetDef> out = new ArrayList<>();
    JsonArray a = suite.getJsonArray("sets");
    if (a == null || a.isEmpty()) {
      throw new IllegalArgumentException("suite: no sets");
    }
    for (int i = 0; i < a.size(); i++) {
      JsonObject j = a.getJsonObject(i);
      String where = "suite sets[" + i + "]";
      String name = j.getString("name");
      String kind = j.getString("kind");
      if (name == null || !List.of("scenes", "crops").contains(kind)) {
        throw new IllegalArgumentException(where + ": needs a name and kind scenes|crops");
      }
      if (j.getString("source") == null && j.getJsonObject("synth") == null) {
        throw new IllegalArgumentException(where + " (" + name + "): needs a source folder or a synth object");
      }
      if (j.getString("hint") == null) {
        throw new IllegalArgumentException(where + " (" + name + "): needs a hint (its country or region)");
      }
      out.add(new SetDef(name, kind, j.getString("source"), j.getString("split"), j.getString("hint"),
          j.getString("region", j.getString("hint")), j.getJsonObject("synth")));
    }
    return out;
  }

  static List<SetDef> select(List<SetDef> all, String names) {
    if (names == null || names.isBlank()) {
      return all;
    }
    List<SetDef> out = new ArrayList<>();
    for (String n : names.split(",")) {
      String t = n.trim();
      SetDef s = all.stream().filter(x -> x.name().equals(t)).findFirst().orElseThrow(() ->
          new IllegalArgumentException("--sets: no set '" + t + "' (sets: "
              + all.stream().map(SetDef::name).toList() + ")"));
      out.add(s);
    }
    return out;
  }

  /** The samples of a set: a dev-set folder, a crop set's labels (its held-out split), or drawn scenes. */
  static List<DevSet.Sample> samples(SetDef s, JsonObject suite, Path datasets, Path cache, PrintStream out)
      throws IOException {
    if (s.synth() != null) {
      return DevSet.load(synthesize(s, suite.getJsonObject("synth", new JsonObject()), datasets, cache, out));
    }
    Path dir = datasets.resolve(s.source());
    if (!Files.isDirectory(dir)) {
      throw new IOException("set " + s.name() + ": " + dir + " is not a folder (--datasets DIR names the "
          + "folder that holds " + s.source() + ")");
    }
    return s.crops() ? crops(s, dir) : DevSet.load(dir);
  }

  private static List<DevSet.Sample> crops(SetDef s, Path dir) throws IOException {
    Set<String> heldOut = null;
    if (s.split() != null) {
      heldOut = new LinkedHashSet<>();
      for (String line : resource("eval/" + s.split()).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          heldOut.add(line.strip());
        }
      }
    }
    List<DevSet.Sample> out = new ArrayList<>();
    for (DevSet.CropLabel label : DevSet.cropLabels(dir)) {
      String text = label.plate();
      if (text.isEmpty() || (heldOut != null && !heldOut.contains(text))) {
        continue;
      }
      Path img = label.image();
      if (!Files.exists(img)) {
        continue;
      }
      ImageHeader h;
      try {
        h = ImageHeader.check(Files.readAllBytes(img), 64L << 20, 100_000_000L);
      } catch (ImageRejectedException e) {
        throw new IOException(img + ": " + e.getMessage(), e);
      }
      out.add(new DevSet.Sample(img, List.of(new DevSet.Truth(new Box(0, 0, h.width(), h.height()), text))));
    }
    return out;
  }

  /** Draws a synthetic set once into the cache (a folder named by its parameters) and returns its scenes. */
  static Path synthesize(SetDef s, JsonObject common, Path datasets, Path cache, PrintStream out) throws IOException {
    JsonObject p = common.copy().mergeIn(s.synth());
    List<String> args = new ArrayList<>(List.of("--profiles", p.getString("profiles"),
        "--scenes", String.valueOf(p.getInteger("scenes", 60)), "--seed", String.valueOf(p.getLong("seed", 1L)),
        "--threads", "1"));
    if (p.getString("backgrounds") != null) {
      args.addAll(List.of("--backgrounds", datasets.resolve(p.getString("backgrounds")).toString()));
    }
    if (p.getString("frame") != null) {
      args.addAll(List.of("--frame", p.getString("frame")));
    }
    if (p.getValue("small") != null) {
      args.addAll(List.of("--small", String.valueOf(p.getDouble("small"))));
    }
    Path dir = cache.resolve(s.name() + "-" + digest(String.join(" ", args) + Profiles.TEXT + Generator.CODE));
    Path done = dir.resolve("done");
    if (!Files.exists(done)) {
      out.println("suite: drawing " + s.name() + " (" + String.join(" ", args) + ") into " + dir);
      args.addAll(0, List.of("--out", dir.toString()));
      // the cards' figures are of sets drawn with every font the profiles name: never a set drawn without some
      args.add("--require-fonts");
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int rc = SynthCommand.run(args.toArray(new String[0]), new PrintStream(log, true, StandardCharsets.UTF_8));
      if (rc != 0) {
        throw new IllegalStateException("set " + s.name() + ": synth failed: " + log.toString(StandardCharsets.UTF_8)
            .strip());
      }
      Files.writeString(done, String.join(" ", args) + "\n");
    }
    return dir.resolve("scenes");
  }

  /** A plate the generator drew: its text and the profile it was drawn from. */
  record Drawn(String plate, String profile) {
  }

  /**
   * The plates of a drawn scene set and their profiles, per scene file in its label order, from the generator's
   * {@code profiles.csv} beside the scenes ({@link SynthCommand#PROFILES_CSV}); empty when the set has none (drawn
   * by an older generator). A malformed row is an error that names it: a set whose plates cannot be told apart by
   * country is still read, by {@code anpr eval}.
   */
  static Map<String, List<Drawn>> drawnProfiles(Path scenes) throws IOException {
    Path f = scenes.resolve(SynthCommand.PROFILES_CSV);
    if (!Files.isRegularFile(f)) {
      return Map.of();
    }
    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
    Map<String, List<Drawn>> out = new java.util.HashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] c = lines.get(i).split(",", -1);
      if (c.length != 7 || c[0].isEmpty() || c[5].isEmpty() || c[6].isEmpty()) {
        throw new IOException(f + ":" + (i + 1) + ": expected file,x,y,w,h,plate,profile");
      }
      out.computeIfAbsent(c[0], k -> new ArrayList<>()).add(new Drawn(DevSet.normalise(c[5]), c[6]));
    }
    return out;
  }

  /**
   * The profile each of a set's readable plates ({@link #plates}) was drawn from, or null where it is not known: a
   * scene's k-th readable plate is its k-th drawn one (a background's own plates are unreadable and not drawn), and
   * only where the two texts agree; a plate that is not the one drawn there counts under no profile.
   */
  static List<String> profilesOf(SetResult r, List<PlateReads> plates) {
    Map<String, Integer> seen = new java.util.HashMap<>();
    List<String> out = new ArrayList<>(plates.size());
    for (PlateReads p : plates) {
      int k = seen.merge(p.file(), 1, Integer::sum) - 1;
      List<Drawn> drawn = r.drawn().getOrDefault(p.file(), List.of());
      Drawn d = k < drawn.size() ? drawn.get(k) : null;
      out.add(d != null && d.plate().equals(p.truth()) ? d.profile() : null);
    }
    return out;
  }

  /** A country's plates in a set and how many each mode read exactly. */
  record CountryReads(String country, int plates, int[] exact) {
  }

  /**
   * A synthetic set's readable plates by the country of the profile they were drawn from, worst read (default
   * rules) first, then by country code; empty for a set without drawn profiles. A plate whose profile is not known
   * counts under {@code ?}.
   */
  static List<CountryReads> byCountry(SetResult r) {
    if (r.drawn().isEmpty()) {
      return List.of();
    }
    io.lanekeeper.plates.PlateProfiles catalogue = io.lanekeeper.plates.PlateProfiles.builtIn();
    List<PlateReads> plates = plates(r);
    List<String> profiles = profilesOf(r, plates);
    Map<String, int[]> counts = new java.util.TreeMap<>();   // country -> plates, exact per mode
    for (int i = 0; i < plates.size(); i++) {
      io.lanekeeper.plates.PlateProfile profile = profiles.get(i) == null ? null : catalogue.get(profiles.get(i));
      int[] c = counts.computeIfAbsent(profile == null ? "?" : profile.country(), x -> new int[1 + MODES.size()]);
      c[0]++;
      for (int m = 0; m < MODES.size(); m++) {
        c[1 + m] += plates.get(i).exact(m) ? 1 : 0;
      }
    }
    return counts.entrySet().stream()
        .map(e -> new CountryReads(e.getKey(), e.getValue()[0],
            java.util.Arrays.copyOfRange(e.getValue(), 1, e.getValue().length)))
        .sorted(java.util.Comparator.comparingDouble((CountryReads c) -> (double) c.exact()[0] / c.plates())
            .thenComparing(CountryReads::country))
        .toList();
  }

  /**
   * The profiles' definitions change the drawn sets: a cache entry is for one version of them. Read once, on the
   * first synthetic set, not once per set.
   */
  private static final class Profiles {
    static final String TEXT = read();

    private static String read() {
      try {
        StringBuilder sb = new StringBuilder();
        for (Object f : new JsonArray(resource("plates/index.json"))) {
          sb.append(resource("plates/" + f));
        }
        return sb.toString();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /**
   * The generator's code changes the drawn sets too (a scene's layout, a renderer's detail): a cache entry is for one
   * build of it, told by a digest of its classes' bytes. Without it a draw of an older generator stays in the cache
   * and the suite prints figures that a fresh clone does not (2026-12-03: synth-latam 0.9107 cached, 0.8929 drawn
   * afresh).
   */
  static final class Generator {
    /**
     * The classes whose packages draw a set: the generator's, and the plates' (a plate's text, its variants, its
     * check character). Until 2026-12-07's eighth session only the first: a change in how texts are drawn left the
     * cached sets of the texts before it in place.
     */
    static final List<Class<?>> PACKAGES = List.of(SynthCommand.class, io.lanekeeper.plates.PlateTexts.class);
    static final String CODE = digestOf(PACKAGES);

    /** A digest of the class files of each class's package (and the packages under it), in name order. */
    static String digestOf(List<Class<?>> anchors) {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (Class<?> anchor : anchors) {
          String pkg = anchor.getPackageName().replace('.', '/') + "/";
          Path where = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
          if (Files.isDirectory(where)) {
            try (var files = Files.walk(where.resolve(pkg))) {
              for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                md.update(where.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(f));
              }
            }
          } else {
            try (var jar = new java.util.jar.JarFile(where.toFile())) {
              List<java.util.jar.JarEntry> entries = jar.stream().filter(e -> e.getName().startsWith(pkg)
                  && !e.isDirectory()).sorted(java.util.Comparator.comparing(java.util.jar.JarEntry::getName)).toList();
              for (java.util.jar.JarEntry e : entries) {
                md.update(e.getName().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = jar.getInputStream(e)) {
                  md.update(in.readAllBytes());
                }
              }
            }
          }
        }
        return HexFormat.of().formatHex(md.digest());
      } catch (IOException | java.net.URISyntaxException | NoSuchAlgorithmException e) {
        throw new IllegalStateException("cannot read the synthetic generator's classes: " + e.getMessage(), e);
      }
    }
  }

  private static String digest(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static SetResult measure(DjlPlateRecognizer r, SetDef s, List<DevSet.Sample> samples, List<FormatRules> modes,
                           PrintStream out) throws IOException {
    List<EvalMetrics> metrics = new ArrayList<>();
    modes.forEach(m -> metrics.add(new EvalMetrics()));
    long start = System.nanoTime();
    long lastProgress = start;
    int done = 0;
    for (DevSet.Sample sample : samples) {
      byte[] bytes = Files.readAllBytes(sample.image());
      StageTimes t = new StageTimes();
      List<List<RecognizedPlate>> read = null;
      double ms = -1;
      try {
        long t0 = System.nanoTime();
        read = r.recognizeModes(bytes, modes,
            s.crops() ? sample.plates().stream().map(DevSet.Truth::box).toList() : null, t);
        ms = (System.nanoTime() - t0) / 1e6;
      } catch (ImageRejectedException e) {
        out.println("suite: " + s.name() + ": " + sample.image().getFileName() + " rejected: " + e.getMessage());
      }
      for (int m = 0; m < modes.size(); m++) {
        List<EvalMetrics.Predicted> predicted = read == null ? List.of()
            : EvalMetrics.predictions(t.detections(), read.get(m));
        metrics.get(m).add(sample.image().getFileName().toString(), sample.plates(), predicted, ms);
      }
      done++;
      long now = System.nanoTime();
      if (now - lastProgress >= PROGRESS_NS) {
        lastProgress = now;
        out.printf(Locale.ROOT, "suite: %-14s %d/%d  %.0f s  exact %.3f%n", s.name(), done, samples.size(),
            (now - start) / 1e9, metrics.getFirst().plateAccuracy());
      }
    }
    SetResult res = new SetResult(s, List.copyOf(metrics), List.copyOf(samples));
    out.printf(Locale.ROOT, "suite: %-14s %d plates  exact default %.3f free %.3f hint %.3f  (%.0f s)%n", s.name(),
        res.main().readablePlates(), metrics.get(0).plateAccuracy(), metrics.get(1).plateAccuracy(),
        metrics.get(2).plateAccuracy(), (System.nanoTime() - start) / 1e9);
    return res;
  }

  static void printTable(List<SetResult> results, PrintStream out) {
    out.println();
    out.println("| set | kind | hint | plates | detection recall | exact default | exact free | exact hint "
        + "| char acc | p50 ms | noise (plates) |");
    out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (SetResult r : results) {
      EvalMetrics m = r.main();
      out.printf(Locale.ROOT, "| %s | %s | %s | %d | %s | %.4f | %.4f | %.4f | %.4f | %.1f | %d |%n", r.set().name(),
          r.set().kind(), r.set().hint(), m.readablePlates(),
          r.set().crops() ? "-" : String.format(Locale.ROOT, "%.4f", m.detectionRecall()),
          m.plateAccuracy(), r.modes().get(1).plateAccuracy(), r.modes().get(2).plateAccuracy(), m.charAccuracy(),
          m.latencyPercentile(50), r.noisePlates());
    }
    double[] macro = macro(results);
    out.printf(Locale.ROOT, "| **macro** (%d sets) | | | | | **%.4f** | %.4f | %.4f | %.4f | | |%n", results.size(),
        macro[0], macro[1], macro[2], macro[3]);
    List<String> worse = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    for (SetResult r : results) {
      int def = exact(r, 0);
      int before = worse.size();
      if (def < exact(r, 1)) {
        worse.add(r.set().name() + ": default " + def + " < free " + exact(r, 1));
      }
      if (exact(r, 2) < def) {
        worse.add(r.set().name() + ": hint " + exact(r, 2) + " < default " + def);
      }
      if (worse.size() > before) {
        for (PlateReads c : changed(r)) {
          lost.add(String.format(Locale.ROOT, "  %s %s: truth %s, default %s, free %s, hint %s", r.set().name(),
              c.file(), c.truth(), c.reads().get(0), c.reads().get(1), c.reads().get(2)));
        }
      }
    }
    List<String> falseReads = new ArrayList<>();
    for (SetResult r : results) {
      if (!r.set().crops()) {
        falseReads.add(r.set().name() + " " + r.modes().stream().map(m -> String.valueOf(m.falseReads()))
            .collect(java.util.stream.Collectors.joining("/")) + " in " + r.main().images() + " frames");
      }
    }
    if (!falseReads.isEmpty()) {
      out.println("false reads (a read whose box overlaps no annotated plate), default/free/hint: "
          + String.join("; ", falseReads));
    }
    for (SetResult r : results) {
      List<CountryReads> countries = byCountry(r);
      if (!countries.isEmpty()) {
        out.println(r.set().name() + " by country, exact default (worst first): " + countries.stream()
            .map(c -> c.country() + " " + c.exact()[0] + "/" + c.plates())
            .collect(java.util.stream.Collectors.joining(", ")));
      }
    }
    out.println(worse.isEmpty() ? "format rules: default >= free and hint >= default on every set"
        : "format rules lose plates: " + String.join("; ", worse));
    if (!lost.isEmpty()) {
      out.println("plates the modes read differently there (a read of none is '-'):");
      lost.forEach(out::println);
    }
  }

  /** A mode's read of none, as {@link PlateReads} holds it. */
  static final String NONE = "-";

  /**
   * A readable plate of a set and each mode's read of it ({@link #NONE} for none); {@code index} is its case in each
   * mode's {@link EvalMetrics#cases}.
   */
  record PlateReads(int index, String file, String truth, List<String> reads) {

    /** Whether mode {@code m} read the plate exactly. */
    boolean exact(int m) {
      return truth.equals(reads.get(m));
    }

    JsonObject toJson() {
      JsonObject j = new JsonObject().put("file", file).put("truth", truth);
      for (int i = 0; i < MODES.size(); i++) {
        j.put(MODES.get(i), reads.get(i));
      }
      return j;
    }
  }

  /**
   * Every readable plate of a set with each mode's read, in the set's order (a scene's plates in its label file's).
   * Each mode judged the same plates in the same order, so their cases line up.
   */
  static List<PlateReads> plates(SetResult r) {
    List<List<EvalMetrics.Case>> cases = r.modes().stream().map(EvalMetrics::cases).toList();
    List<PlateReads> out = new ArrayList<>(cases.getFirst().size());
    for (int k = 0; k < cases.getFirst().size(); k++) {
      EvalMetrics.Case first = cases.getFirst().get(k);
      List<String> reads = new ArrayList<>(cases.size());
      for (List<EvalMetrics.Case> mode : cases) {
        String read = mode.get(k).read();
        reads.add(read == null ? NONE : read);
      }
      out.add(new PlateReads(k, first.file(), first.truth(), List.copyOf(reads)));
    }
    return out;
  }

  /**
   * The plates of a set whose exactness depends on the mode: where the format rules, or the hint, save or lose a
   * plate.
   */
  static List<PlateReads> changed(SetResult r) {
    return plates(r).stream().filter(p -> {
      long exact = IntStream.range(0, p.reads().size()).filter(p::exact).count();
      return exact > 0 && exact < p.reads().size();
    }).toList();
  }

  /**
   * Every readable plate (one whose text is known) of every set as each mode read it, one CSV row each
   * ({@code set,file,truth,default,free,hint,profile}, a read of none empty, the profile a synthetic plate was drawn
   * from or empty), in {@link #plates}' order: the misses to study,
   * which the table counts and {@link #changed} shows only where modes differ. Plate text is letters and digits, file
   * names are the sets' own; a field with a comma, quote or line break is quoted anyway.
   */
  static String casesCsv(List<SetResult> results) {
    StringBuilder sb = new StringBuilder("set,file,truth");
    MODES.forEach(m -> sb.append(',').append(m));
    sb.append(",profile\n");
    for (SetResult r : results) {
      List<PlateReads> plates = plates(r);
      List<String> profiles = profilesOf(r, plates);
      for (int i = 0; i < plates.size(); i++) {
        PlateReads p = plates.get(i);
        sb.append(csv(r.set().name())).append(',').append(csv(p.file())).append(',').append(csv(p.truth()));
        for (String read : p.reads()) {
          sb.append(',').append(NONE.equals(read) ? "" : csv(read));
        }
        sb.append(',').append(profiles.get(i) == null ? "" : csv(profiles.get(i))).append('\n');
      }
    }
    return sb.toString();
  }

  private static String csv(String v) {
    boolean plain = v.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
    return plain ? v : '"' + v.replace("\"", "\"\"") + '"';
  }

  /** Exact reads (plates) of a set in one mode. */
  static int exact(SetResult r, int mode) {
    return r.modes().get(mode).exactPlates();
  }

  /** Mean over the sets of exact default, free, hint, and of the character accuracy (default). */
  static double[] macro(List<SetResult> results) {
    double[] sum = new double[4];
    for (SetResult r : results) {
      for (int m = 0; m < 3; m++) {
        sum[m] += r.modes().get(m).plateAccuracy();
      }
      sum[3] += r.main().charAccuracy();
    }
    for (int i = 0; i < 4; i++) {
      sum[i] = results.isEmpty() ? 0 : sum[i] / results.size();
    }
    return sum;
  }

  /** A synthetic set's plates and exact reads per mode by country, or null for a set without drawn profiles. */
  private static JsonObject byCountryJson(SetResult r) {
    List<CountryReads> countries = byCountry(r);
    if (countries.isEmpty()) {
      return null;
    }
    JsonObject j = new JsonObject();
    countries.stream().sorted(java.util.Comparator.comparing(CountryReads::country)).forEach(c -> {
      JsonObject exact = new JsonObject();
      for (int m = 0; m < MODES.size(); m++) {
        exact.put(MODES.get(m), c.exact()[m]);
      }
      j.put(c.country(), new JsonObject().put("plates", c.plates()).put("exact", exact));
    });
    return j;
  }

  static JsonObject toJson(List<SetResult> results) {
    JsonArray sets = new JsonArray();
    for (SetResult r : results) {
      EvalMetrics m = r.main();
      JsonObject acc = new JsonObject();
      JsonObject chars = new JsonObject();
      JsonObject falseReads = new JsonObject();
      for (int i = 0; i < MODES.size(); i++) {
        acc.put(MODES.get(i), EvalMetrics.round(r.modes().get(i).plateAccuracy()));
        chars.put(MODES.get(i), EvalMetrics.round(r.modes().get(i).charAccuracy()));
        falseReads.put(MODES.get(i), r.modes().get(i).falseReads());
      }
      sets.add(new JsonObject()
          .put("name", r.set().name())
          .put("kind", r.set().kind())
          .put("hint", r.set().hint())
          .put("region", r.set().region())
          .put("images", m.images())
          .put("plates", m.readablePlates())
          .put("detection_recall", r.set().crops() ? null : EvalMetrics.round(m.detectionRecall()))
          .put("plate_accuracy", acc)
          .put("char_accuracy", EvalMetrics.round(m.charAccuracy()))
          .put("char_accuracy_by_mode", chars)
          .put("noise_plates", r.noisePlates())
          .put("latency_ms", new JsonObject().put("p50", EvalMetrics.round(m.latencyPercentile(50)))
              .put("p95", EvalMetrics.round(m.latencyPercentile(95))))
          .put("by_width", m.byWidthJson())
          .put("false_reads", r.set().crops() ? null : falseReads)
          .put("false_read_examples", r.set().crops() ? null : m.falseReadsJson())
          .put("confusion", m.toJson(0).getJsonObject("confusion"))
          .put("modes_differ", new JsonArray(changed(r).stream().map(PlateReads::toJson).toList()))
          .put("by_country", byCountryJson(r)));
    }
    double[] macro = macro(results);
    return new JsonObject().put("sets", sets).put("macro", new JsonObject()
        .put("plate_accuracy", EvalMetrics.round(macro[0]))
        .put("plate_accuracy_by_mode", new JsonObject().put("default", EvalMetrics.round(macro[0]))
            .put("free", EvalMetrics.round(macro[1])).put("hint", EvalMetrics.round(macro[2])))
        .put("char_accuracy", EvalMetrics.round(macro[3])));
  }
}
