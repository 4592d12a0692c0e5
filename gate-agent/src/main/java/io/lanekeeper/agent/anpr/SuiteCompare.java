package io.lanekeeper.agent.anpr;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two runs of the suite side by side ({@code anpr suite --compare BEFORE.json}), and whether the second may replace
 * the first: a model is promoted only when the suite shows it is not worse. The rule: the macro average of exact
 * plates (default rules) does not fall, no set loses more plates than its noise (two binomial standard errors
 * of its exact count before, {@code noise_plates}), and on no set do the format rules lose more plates than before
 * (the default reading fewer than free reads, the hint fewer than the default: {@link #rulesLoss}); every set of
 * before is measured after. The last is relative: a plate the rules lost with the models before (a correction the
 * box's shape carries, say) is the rules' to mend, and does not bar a model that reads it no worse.
 */
final class SuiteCompare {

  /**
   * The comparison: the table to print, whether it passes, and why not.
   *
   * @param up the macro average rises: what a change needs to be kept (docs/benchmarks.md), beyond the retrain's
   *     "not worse", which an equal macro passes
   */
  record Verdict(String table, boolean keep, boolean up, List<String> reasons) {

    /** The verdict in one line: worse and why, not worse with the macro equal, or not worse and up. */
    String line() {
      if (!keep) {
        return "worse: " + String.join("; ", reasons);
      }
      return up ? "not worse, and the macro average goes up: kept by the rule for a change too"
          : "not worse, but the macro average only holds: a retrain may be promoted, a change is kept only when it "
              + "goes up (docs/benchmarks.md)";
    }
  }

  private SuiteCompare() {
  }

  static Verdict compare(JsonObject before, JsonObject after) {
    Map<String, JsonObject> now = new LinkedHashMap<>();
    for (Object o : after.getJsonArray("sets", new JsonArray())) {
      JsonObject s = (JsonObject) o;
      now.put(s.getString("name"), s);
    }
    StringBuilder t = new StringBuilder();
    t.append("| set | plates | exact before | exact after | change (plates) | noise (plates) |\n");
    t.append("|---|---|---|---|---|---|\n");
    List<String> reasons = new ArrayList<>();
    // lanes that read shorter plates read more of them: figures of other lanes compare nothing of the models
    int lanesBefore = before.getInteger("min_length", io.lanekeeper.anpr.FormatRules.DEFAULT_MIN_LENGTH);
    int lanesAfter = after.getInteger("min_length", io.lanekeeper.anpr.FormatRules.DEFAULT_MIN_LENGTH);
    if (lanesBefore != lanesAfter) {
      reasons.add("the lanes read from " + lanesBefore + " characters before and from " + lanesAfter + " after "
          + "(--min-length): measure both alike");
    }
    // what the promotion rule does not weigh but a reader should see: reads of no plate, on the scene sets
    List<String> falseReads = new ArrayList<>();
    for (Object o : before.getJsonArray("sets", new JsonArray())) {
      JsonObject b = (JsonObject) o;
      String name = b.getString("name");
      JsonObject a = now.get(name);
      if (a == null) {
        reasons.add(name + " was not measured after");
        continue;
      }
      if (b.getJsonObject("false_reads") != null && a.getJsonObject("false_reads") != null) {
        falseReads.add(name + " " + b.getJsonObject("false_reads").getInteger("default") + " -> "
            + a.getJsonObject("false_reads").getInteger("default"));
      }
      int plates = b.getInteger("plates");
      int was = exact(b);
      int is = exact(a);
      int noise = b.getInteger("noise_plates", 1);
      t.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %+d | %d |%n", name, plates,
          accuracy(b), accuracy(a), is - was, noise));
      if (a.getInteger("plates") != plates) {
        reasons.add(name + " has " + a.getInteger("plates") + " plates after, " + plates + " before");
      } else if (was - is > noise) {
        reasons.add(name + " loses " + (was - is) + " plates, more than its noise of " + noise);
      }
      int lostBefore = rulesLoss(b);
      int lostAfter = rulesLoss(a);
      if (a.getInteger("plates") == plates && lostAfter > lostBefore) {
        reasons.add(name + ": the format rules lose " + lostAfter + " plate" + (lostAfter == 1 ? "" : "s")
            + " (default under free, hint under default), " + lostBefore + " before");
      }
    }
    double mb = before.getJsonObject("macro").getDouble("plate_accuracy");
    double ma = after.getJsonObject("macro").getDouble("plate_accuracy");
    t.append(String.format(Locale.ROOT, "| **macro** | | **%.4f** | **%.4f** | %+.4f | |%n", mb, ma, ma - mb));
    if (ma < mb) {
      reasons.add(String.format(Locale.ROOT, "the macro average falls from %.4f to %.4f", mb, ma));
    }
    if (!falseReads.isEmpty()) {
      t.append("\nfalse reads (default rules, a read whose box overlaps no annotated plate): ")
          .append(String.join(", ", falseReads)).append('\n');
    }
    return new Verdict(t.toString(), reasons.isEmpty(), ma > mb, List.copyOf(reasons));
  }

  private static double accuracy(JsonObject set) {
    return set.getJsonObject("plate_accuracy").getDouble("default");
  }

  private static int exact(JsonObject set) {
    int missing = -1;
    int n = exact(set, "default", missing);
    if (n == missing) {
      throw new IllegalArgumentException("set " + set.getString("name") + " has no default accuracy");
    }
    return n;
  }

  /** The plates a mode read exactly, or {@code ifMissing} where the run did not measure that mode. */
  private static int exact(JsonObject set, String mode, int ifMissing) {
    Double acc = set.getJsonObject("plate_accuracy").getDouble(mode);
    return acc == null ? ifMissing : (int) Math.round(acc * set.getInteger("plates"));
  }

  /**
   * The plates a set's format rules lose: the default under free reads, and the hint under the default (a mode a run
   * did not measure loses none). The rules promise both never happen; where they do, it is counted.
   */
  static int rulesLoss(JsonObject set) {
    int def = exact(set);
    return Math.max(0, exact(set, "free", def) - def) + Math.max(0, def - exact(set, "hint", def));
  }
}
