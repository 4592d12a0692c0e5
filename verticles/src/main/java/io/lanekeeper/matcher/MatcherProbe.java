package io.lanekeeper.matcher;

import io.lanekeeper.config.LaneConfig;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The matcher's index and decision, opened for the launcher's {@code bench matcher}: it times the index and
 * measures false accepts and rejects through the very decision the matcher takes. The controller does not use it;
 * everything behind it stays package-private.
 */
public final class MatcherProbe {

  private MatcherProbe() {
  }

  /** The longest plate the index takes. */
  public static final int MAX_PLATE_LENGTH = PlateIndex.MAX_LENGTH;

  /** The index over some plates: how many are within a distance of a read. */
  public interface Index {
    int within(String read, double maxDistance);
  }

  public static Index index(List<String> plates) {
    PlateIndex idx = PlateIndex.of(plates);
    return (read, max) -> idx.within(read, max).size();
  }

  /** What a decision says, as far as a bench counts it. */
  public record Decision(boolean allowed, String matchedPlate) {
  }

  /** Registered plates (all allowed, no schedule), deciding as the matcher does on a lane with no lot. */
  public static final class Registered {
    private final Registry registry;

    private Registered(Registry registry) {
      this.registry = registry;
    }

    /** A read of a whole vehicle, without per-character confidences (the read floor does not apply). */
    public Decision decide(LaneConfig lane, String read, Instant now) {
      return outcome(Policy.decide(registry, new Lots(), lane, read, now));
    }

    /** A read with its confidences: the lane's read floor applies first, as in the matcher. */
    public Decision decide(LaneConfig lane, String read, double confidence, double[] charConfidences, Instant now) {
      return outcome(Policy.decide(registry, new Lots(), lane, read, confidence, charConfidences, now));
    }

    private static Decision outcome(Policy.Outcome o) {
      return new Decision(o.allowed(), o.allowed() && o.match() != null ? o.match().plate() : null);
    }
  }

  /** @param lookAlikes whether a substitution of look-alike characters costs half (the matcher's default) */
  public static Registered register(List<String> plates, boolean lookAlikes) {
    List<Registration> regs = new ArrayList<>(plates.size());
    for (int i = 0; i < plates.size(); i++) {
      regs.add(Registration.plate(new JsonObject().put("id", i).put("plate", plates.get(i)).put("kind", "allow"),
          ZoneOffset.UTC));
    }
    return new Registered(Registry.of(regs, lookAlikes));
  }

  /** Whether two characters are look-alikes to the matcher (0/O, 8/B...). */
  public static boolean alike(char a, char b) {
    return LookAlikes.alike(a, b);
  }

  /** A distance as the reports write it ({@code 1}, {@code 0.5}). */
  public static String number(double d) {
    return Policy.number(d);
  }
}
