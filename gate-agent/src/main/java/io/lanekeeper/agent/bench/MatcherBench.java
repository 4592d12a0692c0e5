package io.lanekeeper.agent.bench;

import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.EmbeddedDatabase;
import io.lanekeeper.matcher.MatcherProbe;
import io.lanekeeper.plates.PlateProfile;
import io.lanekeeper.plates.PlateProfiles;
import io.lanekeeper.plates.PlateTexts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;

/**
 * {@code bench matcher [--sizes 10000,100000,1000000] [--queries N] [--pg URL|embedded|none] [--pg-queries N]
 * [--registered 1000,10000] [--trials N] [--char-error P] [--confusion EVAL.json] [--only lookup|sim] [--md FILE]}.
 *
 * <p>Lookup: the index's latency per read (p50, p99) at each size for exact reads and reads one and two edits off
 * a registered plate, beside PostgreSQL's {@code fuzzystrmatch} scan over the same plates. Simulation: false
 * accepts (unregistered plates let in) and false rejects (registered plates kept out) for maximum distances 0 to 2,
 * with and without the look-alike costs, reads corrupted the way the OCR corrupts them.
 */
public final class MatcherBench {

  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private MatcherBench() {
  }

  public static int run(String[] args, PrintStream out) {
    String[] defaults = {"--sizes", "10000,100000,1000000", "--queries", "20000", "--pg", "embedded",
        "--pg-queries", "20", "--registered", "1000,10000", "--trials", "100000", "--char-error", "0.032",
        "--confusion", "docs/eval-dev-br.json", "--profiles", "BR", "--only", "all", "--reads", "1,3",
        "--systematic", "0.5"};
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < defaults.length; i += 2) {
      o.put(defaults[i], defaults[i + 1]);
    }
    String md = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--md") && i + 1 < args.length) {
        md = args[++i];
      } else if (o.containsKey(args[i]) && i + 1 < args.length) {
        o.put(args[i], args[++i]);
      } else {
        System.err.println("bench matcher: unknown or incomplete option " + args[i] + "\nusage: bench matcher "
            + "[--sizes 10000,100000,1000000] [--queries N] [--pg URL|embedded|none] [--pg-queries N] "
            + "[--registered 1000,10000] [--trials N] [--char-error P] [--confusion EVAL.json] [--profiles BR] "
            + "[--reads 1,3] [--systematic S] [--only lookup|sim] [--md FILE]");
        return 2;
      }
    }
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "Machine: %d CPUs, Java %s, max heap %d MB; %s%n%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), Runtime.getRuntime().maxMemory() >> 20,
        Instant.now()));
    try {
      List<PlateProfile> profiles = PlateProfiles.builtIn().select(List.of(o.get("--profiles").split(",")));
      if (!o.get("--only").equals("sim")) {
        lookups(o, profiles, report, out);
      }
      if (!o.get("--only").equals("lookup")) {
        simulate(o, profiles, report, out);
        junk(o, profiles, report, out);
      }
    } catch (IOException | SQLException | IllegalArgumentException e) {
      System.err.println("bench matcher: " + e.getMessage());
      return 1;
    }
    out.println(report);
    if (md != null) {
      try {
        Files.writeString(Path.of(md), report.toString());
      } catch (IOException e) {
        System.err.println("bench matcher: cannot write " + md + ": " + e.getMessage());
        return 1;
      }
    }
    return 0;
  }

  private static List<String> distinctPlates(List<PlateProfile> profiles, int n, Random rnd, Set<String> avoid) {
    Set<String> set = new LinkedHashSet<>(n * 2);
    while (set.size() < n) {
      String p = PlateTexts.randomPlate(profiles.get(rnd.nextInt(profiles.size())), rnd);
      if (!avoid.contains(p)) {
        set.add(p);
      }
    }
    return new ArrayList<>(set);
  }

  /** A random letter or digit other than {@code c}. */
  private static char otherThan(char c, Random rnd) {
    char o;
    do {
      o = ALNUM.charAt(rnd.nextInt(ALNUM.length()));
    } while (o == c);
    return o;
  }

  /** {@code edits} random edits, each a substitution by another character, an insertion or a deletion. */
  static String edited(String s, int edits, Random rnd) {
    StringBuilder sb = new StringBuilder(s);
    for (int e = 0; e < edits; e++) {
      int kind = rnd.nextInt(3);
      if (kind == 0 || sb.length() >= MatcherProbe.MAX_PLATE_LENGTH) {
        int i = rnd.nextInt(sb.length());
        sb.setCharAt(i, otherThan(sb.charAt(i), rnd));
      } else if (kind == 1) {
        sb.insert(rnd.nextInt(sb.length() + 1), ALNUM.charAt(rnd.nextInt(ALNUM.length())));
      } else if (sb.length() > 2) {
        sb.deleteCharAt(rnd.nextInt(sb.length()));
      }
    }
    return sb.toString();
  }

  private static void lookups(Map<String, String> o, List<PlateProfile> profiles, StringBuilder report,
                              PrintStream out) throws IOException, SQLException {
    int queries = Integer.parseInt(o.get("--queries"));
    int pgQueries = Integer.parseInt(o.get("--pg-queries"));
    String pg = o.get("--pg");
    report.append("## Lookup latency\n\n")
        .append("Registered plates drawn from the ").append(o.get("--profiles")).append(" profiles; reads are a ")
        .append("registered plate (exact) or one with 1 or 2 random edits (substitution, insertion, deletion). ")
        .append(queries).append(" reads of each kind, timed one by one after a warm-up; ")
        .append("the index is searched at the read's own distance and at distance 2 (the most a lane allows). ")
        .append("PostgreSQL: `levenshtein_less_equal(plate, $1, 2) <= 2` (fuzzystrmatch) over a table of the same ")
        .append("plates, ").append(pgQueries).append(" reads per kind.\n\n")
        .append("| plates | build | index heap | read | p50 µs (own d) | p99 µs (own d) | p50 µs (d=2) | p99 µs (d=2) "
            + "| PostgreSQL p50 ms | p99 ms | ratio p50 | ratio p99 |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    EmbeddedDatabase embedded = null;
    DbTarget target = null;
    try {
      if (!pg.equals("none")) {
        if (pg.equals("embedded")) {
          embedded = EmbeddedDatabase.start(Files.createTempDirectory("lk-bench-pg"), 0);
          target = embedded.adminTarget(); // it creates a database per size
        } else {
          target = DbTarget.parse(pg, "postgres", "");
        }
      }
      for (String sz : o.get("--sizes").split(",")) {
        int n = Integer.parseInt(sz.strip());
        Random rnd = new Random(n);
        out.printf("lookup: %d plates: generating%n", n);
        List<String> plates = distinctPlates(profiles, n, rnd, Set.of());
        long heap0 = usedHeap();
        long t0 = System.nanoTime();
        MatcherProbe.Index idx = MatcherProbe.index(plates);
        double buildS = (System.nanoTime() - t0) / 1e9;
        long heap = usedHeap() - heap0;
        out.printf("lookup: %d plates: index built in %.1f s, %d MB%n", n, buildS, heap >> 20);
        String db = null;
        if (target != null) {
          db = "lk_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
          loadTable(target, db, plates);
        }
        try {
          for (int d = 0; d <= 2; d++) {
            List<String> reads = new ArrayList<>(queries);
            for (int q = 0; q < queries; q++) {
              reads.add(edited(plates.get(rnd.nextInt(n)), d, rnd));
            }
            double[] own = time(idx, reads, d);
            double[] two = time(idx, reads, 2);
            double[] sql = target == null ? null : timePg(target.withDatabase(db), reads.subList(0, pgQueries));
            out.printf("lookup: %d plates, d=%d: p50 %.1f µs p99 %.1f µs%s%n", n, d, two[0], two[1],
                sql == null ? "" : String.format(Locale.ROOT, ", PostgreSQL p50 %.1f ms", sql[0]));
            report.append(String.format(Locale.ROOT, "| %,d | %.1f s | %d MB | %s | %.1f | %.1f | %.1f | %.1f | %s |"
                    + " %s | %s | %s |%n", n, buildS, heap >> 20, d == 0 ? "exact" : "d=" + d, own[0], own[1], two[0],
                two[1], sql == null ? "-" : String.format(Locale.ROOT, "%.1f", sql[0]),
                sql == null ? "-" : String.format(Locale.ROOT, "%.1f", sql[1]),
                sql == null ? "-" : String.format(Locale.ROOT, "%,.0fx", sql[0] * 1000 / two[0]),
                sql == null ? "-" : String.format(Locale.ROOT, "%,.0fx", sql[1] * 1000 / two[1])));
          }
        } finally {
          if (db != null) {
            exec(target, "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
          }
        }
      }
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
    report.append("\nRatios compare PostgreSQL with the index at distance 2.\n\n");
  }

  /** p50 and p99 in microseconds of each lookup, after a warm-up of 20,000 lookups (the JIT compiles by then). */
  private static double[] time(MatcherProbe.Index idx, List<String> reads, double max) {
    long sink = 0;
    for (int i = 0; i < 20_000; i++) {
      sink += idx.within(reads.get(i % reads.size()), max);
    }
    double[] us = new double[reads.size()];
    for (int i = 0; i < reads.size(); i++) {
      long t = System.nanoTime();
      sink += idx.within(reads.get(i), max);
      us[i] = (System.nanoTime() - t) / 1e3;
    }
    if (sink == Long.MIN_VALUE) {
      throw new IllegalStateException();
    }
    return percentiles(us);
  }

  private static double[] percentiles(double[] v) {
    Arrays.sort(v);
    return new double[] {v[(int) (v.length * 0.50)], v[Math.min(v.length - 1, (int) Math.ceil(v.length * 0.99) - 1)]};
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
  }

  private static void exec(DbTarget t, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void loadTable(DbTarget admin, String db, List<String> plates) throws SQLException, IOException {
    exec(admin, "CREATE DATABASE " + db);
    DbTarget t = admin.withDatabase(db);
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch");
      s.execute("CREATE TABLE bench_plates (id bigserial PRIMARY KEY, plate text NOT NULL)");
      StringBuilder sb = new StringBuilder(plates.size() * 9);
      plates.forEach(p -> sb.append(p).append('\n'));
      c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_plates (plate) FROM STDIN",
          new StringReader(sb.toString()));
      s.execute("VACUUM ANALYZE bench_plates");
    }
  }

  /** p50 and p99 in milliseconds of the scan PostgreSQL does for a fuzzy lookup. */
  private static double[] timePg(DbTarget t, List<String> reads) throws SQLException {
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         PreparedStatement ps = c.prepareStatement(
             "SELECT id, plate FROM bench_plates WHERE levenshtein_less_equal(plate, ?, 2) <= 2")) {
      double[] ms = new double[reads.size()];
      for (int i = -2; i < reads.size(); i++) {
        ps.setString(1, reads.get(Math.max(0, i)));
        long t0 = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getLong(1);
          }
        }
        if (i >= 0) {
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
      return percentiles(ms);
    }
  }

  private static void simulate(Map<String, String> o, List<PlateProfile> profiles, StringBuilder report,
                               PrintStream out) throws IOException {
    int trials = Integer.parseInt(o.get("--trials"));
    double systematic = Double.parseDouble(o.get("--systematic"));
    OcrErrors errors = OcrErrors.from(Double.parseDouble(o.get("--char-error")), Path.of(o.get("--confusion")));
    report.append("## False accepts and false rejects\n\n").append(errors.describe()).append(' ')
        .append("Genuine: a registered plate, read with those errors; impostor: a plate of the same formats that is ")
        .append("not registered, read the same way. ").append(trials).append(" of each per row. With one read per ")
        .append("vehicle every error is independent; with several, the tracker's vote (`Consensus`) decides on ")
        .append("them, and ").append(Math.round(systematic * 100)).append("% of the character errors are the same ")
        .append("in every read of a vehicle (a glyph the OCR gets wrong stays wrong), the rest independent per read. ")
        .append("A false accept is an impostor let in; a false reject a registered plate kept out (unknown or ")
        .append("ambiguous); *wrong plate* counts genuine reads let in as another registered plate.\n\n")
        .append("| registered | reads per vehicle | costs | max distance | false accepts | false rejects "
            + "| wrong plate |\n")
        .append("|---|---|---|---|---|---|---|\n");
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    for (String rs : o.get("--registered").split(",")) {
      int n = Integer.parseInt(rs.strip());
      Random rnd = new Random(7 + n);
      List<String> plates = distinctPlates(profiles, n, rnd, Set.of());
      Set<String> registered = new HashSet<>(plates);
      List<String> strangers = distinctPlates(profiles, Math.min(trials, 200_000), rnd, registered);
      MatcherProbe.Registered weightedIndex = MatcherProbe.register(plates, true);
      MatcherProbe.Registered plainIndex = MatcherProbe.register(plates, false);
      for (String rp : o.get("--reads").split(",")) {
        int reads = Integer.parseInt(rp.strip());
        String[] genuineTruth = new String[trials];
        String[] genuineRead = new String[trials];
        String[] impostorRead = new String[trials];
        for (int t = 0; t < trials; t++) {
          genuineTruth[t] = plates.get(rnd.nextInt(n));
          genuineRead[t] = errors.vehicle(genuineTruth[t], reads, systematic, rnd);
          impostorRead[t] = errors.vehicle(strangers.get(t % strangers.size()), reads, systematic, rnd);
        }
        for (boolean weighted : new boolean[] {true, false}) {
          MatcherProbe.Registered registry = weighted ? weightedIndex : plainIndex;
          for (double max : weighted ? new double[] {0, 0.5, 1, 1.5, 2} : new double[] {0, 1, 2}) {
            LaneConfig lane = LaneConfig.from(new JsonObject().put("id", "sim").put("maxDistance", max)
                .put("formats", new JsonArray()), "");
            int fa = 0;
            int fr = 0;
            int wrong = 0;
            for (int t = 0; t < trials; t++) {
              MatcherProbe.Decision g = registry.decide(lane, genuineRead[t], now);
              if (!g.allowed()) {
                fr++;
              } else if (!genuineTruth[t].equals(g.matchedPlate())) {
                wrong++;
              }
              if (registry.decide(lane, impostorRead[t], now).allowed()) {
                fa++;
              }
            }
            String row = String.format(Locale.ROOT, "| %,d | %d | %s | %s | %.3f%% | %.2f%% | %.3f%% |%n", n, reads,
                weighted ? "look-alike 0.5" : "plain", MatcherProbe.number(max), 100.0 * fa / trials,
                100.0 * fr / trials, 100.0 * wrong / trials);
            out.print("sim: " + row);
            report.append(row);
          }
        }
      }
    }
    report.append('\n');
  }

  /**
   * Reads of things that are not plates (paving stones, grilles, stickers: the detector's false finds) against a
   * registry that also holds short plates, through the same decision as the matcher's, with the lane's read floor
   * and without it. Half the junk reads are random text of 4 to 8 characters, half the text of a registered short
   * plate with at most one edit (the worst case: a paving stone read as GN24); every character's confidence is
   * drawn from 0.05 to 1, as the engine gives junk low and uneven confidences.
   */
  private static void junk(Map<String, String> o, List<PlateProfile> profiles, StringBuilder report, PrintStream out) {
    int trials = Integer.parseInt(o.get("--trials"));
    Random rnd = new Random(17);
    List<String> plates = distinctPlates(profiles, 1000, rnd, Set.of());
    List<String> shorts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      shorts.add(randomText(4 + rnd.nextInt(3), rnd));
    }
    List<String> all = new ArrayList<>(plates);
    all.addAll(shorts);
    MatcherProbe.Registered registry = MatcherProbe.register(all, true);
    LaneConfig lane = LaneConfig.from(new JsonObject().put("id", "sim").put("maxDistance", 1)
        .put("formats", new JsonArray()), "");
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    OcrErrors misread = new OcrErrors(0.15, Map.of(), 0.8);
    int[] opened = new int[2];
    int belowFloor = 0;
    int openedBelowFloor = 0;
    for (int t = 0; t < trials; t++) {
      String text = rnd.nextBoolean() ? randomText(4 + rnd.nextInt(5), rnd)
          : misread.corrupt(shorts.get(rnd.nextInt(shorts.size())), 0.15, true, rnd);
      double[] cc = new double[text.length()];
      double conf = 1;
      for (int i = 0; i < cc.length; i++) {
        cc[i] = 0.05 + 0.95 * rnd.nextDouble();
        conf *= cc[i];
      }
      boolean doubted = lane.read().doubt(text, conf, cc) != null;
      belowFloor += doubted ? 1 : 0;
      opened[0] += registry.decide(lane, text, now).allowed() ? 1 : 0;
      boolean open = registry.decide(lane, text, conf, cc, now).allowed();
      opened[1] += open ? 1 : 0;
      openedBelowFloor += open && doubted ? 1 : 0;
    }
    report.append("## Junk reads\n\nReads of things that are not plates against 1,000 registered plates of the ")
        .append("profiles and 50 short ones (4 to 6 characters), maximum distance 1: half random text of 4 to 8 ")
        .append("characters, half a registered short plate's text with errors (a paving stone read as `GN24`); each ")
        .append("character's confidence from 0.05 to 1. ").append(trials).append(" reads; ").append(belowFloor)
        .append(" of them below the lane's default read floor (`docs/matcher.md`).\n\n")
        .append("| read floor | junk reads let in | of them below the floor |\n|---|---|---|\n")
        .append(String.format(Locale.ROOT, "| none (before issue #17) | %.3f%% | |%n", 100.0 * opened[0] / trials))
        .append(String.format(Locale.ROOT, "| default (0.5 at 7 characters, 0.4 each, 4 at least) | %.3f%% | %d "
            + "|%n%n", 100.0 * opened[1] / trials, openedBelowFloor));
    out.printf(Locale.ROOT, "junk: no floor %.3f%%, floor %.3f%%, below the floor let in %d%n",
        100.0 * opened[0] / trials, 100.0 * opened[1] / trials, openedBelowFloor);
  }

  private static String randomText(int n, Random rnd) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(ALNUM.charAt(rnd.nextInt(ALNUM.length())));
    }
    return b.toString();
  }

  /**
   * How the OCR gets characters wrong: each character independently with probability {@code charError}; an error
   * is a deletion or an insertion 4% of the time each, else a substitution drawn from the measured confusion row
   * of that character when the evaluation saw one, else by a look-alike (in the share of substitutions the
   * evaluation found between look-alikes) or by any character.
   */
  record OcrErrors(double charError, Map<Character, List<Character>> confusion, double lookAlikeShare) {

    static final double INDEL = 0.04;

    static OcrErrors from(double charError, Path evalJson) throws IOException {
      Map<Character, List<Character>> rows = new HashMap<>();
      int subs = 0;
      int alike = 0;
      if (Files.exists(evalJson)) {
        JsonObject conf = new JsonObject(Files.readString(evalJson)).getJsonObject("confusion", new JsonObject());
        for (String k : conf.fieldNames()) {
          char from = k.charAt(0);
          char to = k.charAt(2);
          int count = conf.getInteger(k);
          for (int i = 0; i < count; i++) {
            rows.computeIfAbsent(from, c -> new ArrayList<>()).add(to);
          }
          subs += count;
          alike += MatcherProbe.alike(from, to) ? count : 0;
        }
      }
      return new OcrErrors(charError, rows, subs == 0 ? 0.8 : (double) alike / subs);
    }

    String describe() {
      return String.format(Locale.ROOT, "OCR errors: %.1f%% of characters wrong (the OCR's character error on "
          + "held-out real crops); %d characters with a measured confusion row; %.0f%% of substitutions between "
          + "look-alikes (dev-br evaluation); %.0f%% deletions, %.0f%% insertions.", charError * 100,
          confusion.size(), lookAlikeShare * 100, INDEL * 100, INDEL * 100);
    }

    /**
     * What the matcher gets for one vehicle: one read, or the tracker's consensus of {@code reads} reads that
     * share the vehicle's systematic errors ({@code systematic} of the error rate, substitutions) and each have
     * their own.
     */
    String vehicle(String plate, int reads, double systematic, Random rnd) {
      if (reads <= 1) {
        return corrupt(plate, charError, true, rnd);
      }
      String seen = corrupt(plate, charError * systematic, false, rnd);
      List<io.lanekeeper.bus.PlateRead> rs = new ArrayList<>();
      for (int i = 0; i < reads; i++) {
        String r = corrupt(seen, charError * (1 - systematic), true, rnd);
        double[] cc = new double[r.length()];
        Arrays.fill(cc, 0.9);
        rs.add(new io.lanekeeper.bus.PlateRead("sim", "f" + i, Instant.EPOCH, r, 0.9, cc,
            new io.lanekeeper.bus.Box(0, 0, 1, 1), null, null));
      }
      return io.lanekeeper.tracker.Consensus.of(rs).plate();
    }

    String corrupt(String s, double rate, boolean indels, Random rnd) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (rnd.nextDouble() >= rate) {
          sb.append(c);
          continue;
        }
        double k = rnd.nextDouble();
        if (indels && k < INDEL) {
          continue;
        }
        if (indels && k < 2 * INDEL) {
          sb.append(c).append(ALNUM.charAt(rnd.nextInt(ALNUM.length())));
          continue;
        }
        List<Character> row = confusion.get(c);
        char alike = alikeOf(c, rnd);
        if (row != null) {
          sb.append(row.get(rnd.nextInt(row.size())));
        } else if (alike != c && rnd.nextDouble() < lookAlikeShare) {
          sb.append(alike);
        } else {
          sb.append(otherThan(c, rnd));
        }
      }
      return sb.length() < 2 ? s : sb.toString();
    }

    private static char alikeOf(char c, Random rnd) {
      List<Character> same = new ArrayList<>();
      for (char o : ALNUM.toCharArray()) {
        if (o != c && MatcherProbe.alike(o, c)) {
          same.add(o);
        }
      }
      return same.isEmpty() ? c : same.get(rnd.nextInt(same.size()));
    }
  }
}
