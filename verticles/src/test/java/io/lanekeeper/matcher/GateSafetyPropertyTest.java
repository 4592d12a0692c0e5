package io.lanekeeper.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.tracker.Consensus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The gate's two safety properties, over random registries (dates, schedules and lanes from sane to unreadable),
 * random lanes and random vehicles (reads, confidences, the tracker's vote): nothing opens on a read the lane's
 * floor doubts, and nothing opens for a plate within the lane's reach of a deny entry. Seeded: a failure prints
 * the seed and the case, and reruns the same.
 */
class GateSafetyPropertyTest {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
  private static final String[] TIMES = {null, null, "2026-01-01T00:00:00+00:00", "2027-06-01T00:00:00+00:00",
      "2026-12-02T09:59:59+00:00", "2026-12-02T10:00:01+00:00", "4714-11-24T00:00:00+00:00 BC",
      "20000-01-01T00:00:00+00:00", "-999999999-01-01T00:00:00Z", "0000-06-01T00:00:00+00:00", "garbage", ""};

  @Test
  @DisplayName("For 2,000 random registries and 100,000 vehicles, no allow below the floor or within reach of a "
      + "deny entry, whatever the registry's dates")
  void neverOpensOnDoubtOrDeny() {
    long seed = 20261202L;
    Random rnd = new Random(seed);
    int allowed = 0;
    int doubted = 0;
    int denied = 0;
    for (int registryNo = 0; registryNo < 2_000; registryNo++) {
      List<JsonObject> rows = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      int n = 1 + rnd.nextInt(12);
      for (int i = 0; i < n; i++) {
        String text = i > 0 && rnd.nextInt(3) == 0 ? mutate(texts.get(rnd.nextInt(texts.size())), rnd)
            : randomText(2 + rnd.nextInt(8), rnd);
        texts.add(text);
        rows.add(row(i + 1, text, rnd));
      }
      MatcherState state = MatcherState.build(rows, ZoneOffset.UTC, List.of());
      List<String> denyTexts = new ArrayList<>();
      for (JsonObject r : rows) {
        if ("deny".equals(r.getString("kind"))) {
          denyTexts.add(r.getString("plate"));
        }
      }
      for (int v = 0; v < 50; v++) {
        LaneConfig lane = lane(rnd);
        String base = rnd.nextInt(4) == 0 ? randomText(2 + rnd.nextInt(8), rnd) : texts.get(rnd.nextInt(texts.size()));
        List<PlateRead> reads = new ArrayList<>();
        int k = 1 + rnd.nextInt(4);
        for (int i = 0; i < k; i++) {
          String text = rnd.nextInt(3) == 0 ? mutate(base, rnd) : base;
          reads.add(read(text, rnd));
        }
        Consensus c = Consensus.of(reads);
        Policy.Outcome o = Policy.decide(state.registry, state.lots, lane, c.plate(), c.confidence(),
            c.charConfidences(), NOW);
        String doubt = lane.read().doubt(c.plate(), c.confidence(), c.charConfidences());
        String nearDeny = denyTexts.stream().filter(d -> distance(d, c.plate()) <= lane.maxDistance())
            .findFirst().orElse(null);
        String context = "seed " + seed + ", registry " + registryNo + ", vehicle " + v + ": " + rows + " lane "
            + lane.toJson().encode() + " read " + c.plate() + " at " + c.confidence() + " -> " + o.reason();
        if (doubt != null) {
          doubted++;
          assertThat(o.allowed()).as(context).isFalse();
          assertThat(o.reason()).as(context).startsWith("unreadable");
        }
        if (nearDeny != null) {
          denied++;
          assertThat(o.allowed()).as(context + " (deny entry " + nearDeny + ")").isFalse();
        }
        allowed += o.allowed() ? 1 : 0;
      }
    }
    // the properties were put to the test: each kind of case came up often
    assertThat(doubted).isGreaterThan(10_000);
    assertThat(denied).isGreaterThan(2_000);
    assertThat(allowed).isGreaterThan(2_000);
  }

  @Test
  @DisplayName("The tracker's vote never makes a character surer than the surest read of it, nor a plate surer "
      + "than its characters")
  void consensusNeverInflatesConfidence() {
    Random rnd = new Random(7);
    for (int t = 0; t < 20_000; t++) {
      String base = randomText(4 + rnd.nextInt(5), rnd);
      List<PlateRead> reads = new ArrayList<>();
      for (int i = 0, k = 1 + rnd.nextInt(5); i < k; i++) {
        reads.add(read(rnd.nextInt(3) == 0 ? mutate(base, rnd) : base, rnd));
      }
      Consensus c = Consensus.of(reads);
      double product = 1;
      for (int i = 0; i < c.plate().length(); i++) {
        double best = 0;
        for (PlateRead r : reads) {
          if (r.plate().length() == c.plate().length() && r.plate().charAt(i) == c.plate().charAt(i)) {
            best = Math.max(best, r.charConfidences()[i]);
          }
        }
        assertThat(c.charConfidences()[i]).as("case %d, character %d of %s from %s", t, i, c.plate(), reads)
            .isLessThanOrEqualTo(best + 1e-12);
        product *= c.charConfidences()[i];
      }
      assertThat(c.confidence()).isCloseTo(product, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  private static LaneConfig lane(Random rnd) {
    JsonObject j = new JsonObject().put("id", "l" + rnd.nextInt(3)).put("maxDistance", rnd.nextInt(5) * 0.5)
        .put("direction", rnd.nextInt(4) == 0 ? "exit" : "entry")
        .put("read", new JsonObject().put("minConfidence", 0.05 + rnd.nextDouble() * 0.9)
            .put("minCharConfidence", rnd.nextDouble() * 0.9).put("minLength", 1 + rnd.nextInt(6)));
    return LaneConfig.from(j, "");
  }

  private static JsonObject row(long id, String text, Random rnd) {
    JsonObject r = new JsonObject().put("t", "plate").put("id", id).put("plate", text)
        .put("kind", rnd.nextInt(3) == 0 ? "deny" : "allow").put("owner", "o" + id)
        .put("valid_from", TIMES[rnd.nextInt(TIMES.length)]).put("valid_to", TIMES[rnd.nextInt(TIMES.length)]);
    switch (rnd.nextInt(6)) {
      case 0 -> r.put("schedule", new JsonObject().put("windows", new JsonArray().add(new JsonObject()
          .put("days", new JsonArray().add("mon").add("wed")).put("from", "08:00").put("to", "18:00"))));
      case 1 -> r.put("schedule", new JsonObject().put("windows", "every day"));
      case 2 -> r.put("lanes", new JsonArray().add("l" + rnd.nextInt(3)));
      default -> { }
    }
    return r;
  }

  private static PlateRead read(String text, Random rnd) {
    double[] chars = new double[text.length()];
    double product = 1;
    for (int i = 0; i < chars.length; i++) {
      // mostly sure, sometimes junk-like: the engine's reads of paving stones sit far below 0.3
      chars[i] = rnd.nextInt(4) == 0 ? rnd.nextDouble() : 1 - rnd.nextDouble() * rnd.nextDouble() * 0.5;
      product *= chars[i];
    }
    return new PlateRead("l0", "f", NOW, text, product, chars, new Box(0, 0, 10, 5), null, null);
  }

  private static String randomText(int n, Random rnd) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** One or two edits, look-alike substitutions half the time. */
  private static String mutate(String s, Random rnd) {
    StringBuilder b = new StringBuilder(s);
    for (int e = 0, n = 1 + rnd.nextInt(2); e < n && b.length() > 2; e++) {
      int i = rnd.nextInt(b.length());
      switch (rnd.nextInt(4)) {
        case 0 -> b.setCharAt(i, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        case 1 -> b.deleteCharAt(i);
        case 2 -> b.insert(i, ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        default -> b.setCharAt(i, alike(b.charAt(i)));
      }
    }
    return b.toString();
  }

  /** Another member of the character's look-alike class (the classes of {@link LookAlikes}), or itself. */
  private static char alike(char c) {
    for (String group : new String[] {"0ODQ", "1IL7T", "8B", "5S", "2Z", "6G", "MWNH"}) {
      int i = group.indexOf(c);
      if (i >= 0) {
        return group.charAt((i + 1) % group.length());
      }
    }
    return c;
  }

  /**
   * The weighted edit distance, computed here from scratch (not by the index under test): insertions, deletions
   * and substitutions cost 1, a substitution between look-alikes ({@link LookAlikes#alike}) 0.5.
   */
  private static double distance(String a, String b) {
    double[][] d = new double[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        char x = a.charAt(i - 1);
        char y = b.charAt(j - 1);
        double sub = x == y ? 0 : LookAlikes.alike(x, y) ? 0.5 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + sub);
      }
    }
    return d[a.length()][b.length()];
  }
}
