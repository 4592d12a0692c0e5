package io.lanekeeper.matcher;

import io.lanekeeper.config.LaneConfig;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns the matches of a read into a decision with its reason. Deny-listed plates match with the
 * same tolerance as allowed ones and win; two allowed plates within reach mean no automatic open.
 */
final class Policy {

  record Outcome(boolean allowed, String reason, RegisteredPlate plate, int distance) {
  }

  private Policy() {
  }

  static Outcome decide(PlateMatcher matcher, LaneConfig lane, String read, Instant now) {
    List<PlateMatcher.Hit> hits = matcher.within(read, lane.maxDistance());
    List<PlateMatcher.Hit> deny = hits.stream().filter(h -> h.plate().deny()).toList();
    if (!deny.isEmpty()) {
      PlateMatcher.Hit h = deny.getFirst();
      return new Outcome(false, "deny-listed" + (h.distance() > 0 ? " " + fuzzy(h, read) : ""), h.plate(),
          h.distance());
    }
    List<PlateMatcher.Hit> allow = hits.stream().filter(h -> !h.plate().deny()).toList();
    if (allow.isEmpty()) {
      return new Outcome(false, "unknown", null, -1);
    }
    if (allow.size() > 1 && allow.get(0).distance() > 0) {
      String which = allow.stream().map(h -> h.plate().plate()).distinct().collect(Collectors.joining(", "));
      return new Outcome(false, "ambiguous: " + which, null, allow.get(0).distance());
    }
    PlateMatcher.Hit h = allow.getFirst();
    RegisteredPlate p = h.plate();
    if (p.validTo() != null && now.isAfter(p.validTo())) {
      return new Outcome(false, "expired", p, h.distance());
    }
    if (p.validFrom() != null && now.isBefore(p.validFrom())) {
      return new Outcome(false, "not yet valid", p, h.distance());
    }
    if (!p.lanes().isEmpty() && !p.lanes().contains(lane.id())) {
      return new Outcome(false, "lane not allowed", p, h.distance());
    }
    return new Outcome(true, h.distance() == 0 ? "exact" : fuzzy(h, read), p, h.distance());
  }

  private static String fuzzy(PlateMatcher.Hit h, String read) {
    return "fuzzy d=" + h.distance() + " " + String.join(" ", EditScript.between(h.plate().plate(), read));
  }
}
