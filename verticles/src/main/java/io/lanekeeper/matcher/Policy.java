package io.lanekeeper.matcher;

import io.lanekeeper.config.LaneConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a read into a decision with its reason, by the lane's rules. In order: deny-listed plates within reach
 * win (same tolerance as allow entries); two or more registered plates within reach mean no automatic open unless
 * exactly one of them is read exactly; the plate's (or pass's) lanes, validity window and weekly schedule;
 * anti-passback refuses a plate already inside; a full lot lets in only reservations. Exit lanes open for everyone
 * ({@code all}) or only for plates inside the lot ({@code entered}), whatever their validity: a vehicle whose
 * permit ran out while parked still gets out. Deny-listed plates are not let out automatically either: staff
 * decide, and the manual open is audited.
 */
final class Policy {

  /** What to change in the lots when the gate opens: {@code enter} or {@code exit} of a plate, or nothing. */
  record Movement(String lot, boolean enter, String plate) {
  }

  record Outcome(boolean allowed, String reason, Registration match, double distance, Movement movement) {

    static Outcome refused(String reason, Registration match, double distance) {
      return new Outcome(false, reason, match, distance, null);
    }
  }

  private Policy() {
  }

  /**
   * The decision on a vehicle: a read the engine doubts (below the lane's {@link io.lanekeeper.config.ReadFloor})
   * is {@code unreadable} and matches nothing, whatever it reads; else {@link #decide(Registry, Lots, LaneConfig,
   * String, Instant)}.
   */
  static Outcome decide(Registry registry, Lots lots, LaneConfig lane, String read, double confidence,
                        double[] charConfidences, Instant now) {
    String doubt = lane.read().doubt(read, confidence, charConfidences);
    if (doubt != null) {
      return Outcome.refused("unreadable (" + doubt + ")", null, -1);
    }
    return decide(registry, lots, lane, read, now);
  }

  /** The reason a deny-listed plate is refused with; a look-alike's reason adds how it was matched. */
  static final String DENY_LISTED = "deny-listed";

  /** The decision on a plate read well enough: deny list, ambiguity, then the entry or exit rules. */
  static Outcome decide(Registry registry, Lots lots, LaneConfig lane, String read, Instant now) {
    List<Registry.Match> matches = registry.within(read, lane.maxDistance());
    for (Registry.Match m : matches) {
      if (m.registration().deny()) {
        return Outcome.refused(m.distance() == 0 ? DENY_LISTED : DENY_LISTED + " " + fuzzy(m, read), m.registration(),
            m.distance());
      }
    }
    return lane.entry() ? entry(lots, lane, read, now, matches) : exit(lots, lane, read, matches);
  }

  private static Outcome entry(Lots lots, LaneConfig lane, String read, Instant now, List<Registry.Match> matches) {
    if (matches.isEmpty()) {
      return Outcome.refused("unknown", null, -1);
    }
    Set<String> texts = new LinkedHashSet<>();
    matches.forEach(m -> texts.add(m.registration().plate()));
    String chosen = matches.getFirst().registration().plate();
    // a plate read exactly wins over its neighbours (only that text is at distance 0)
    if (texts.size() > 1 && matches.getFirst().distance() > 0) {
      return Outcome.refused("ambiguous: " + String.join(", ", texts), null, matches.getFirst().distance());
    }
    List<Registry.Match> same = matches.stream().filter(m -> m.registration().plate().equals(chosen)).toList();
    List<Registry.Match> valid = new ArrayList<>();
    String refusal = null;
    Registry.Match refused = null;
    for (Registry.Match m : same) {
      String why = refusal(m.registration(), lane, now);
      if (why == null) {
        valid.add(m);
      } else if (refusal == null) {
        refusal = why;
        refused = m;
      }
    }
    if (valid.isEmpty()) {
      return Outcome.refused(refusal, refused.registration(), refused.distance());
    }
    Registry.Match use = valid.getFirst();
    if (lane.lot() != null) {
      Lots.Lot lot = lots.lot(lane.lot());
      if (lane.antiPassback() && lot.inside.containsKey(chosen)) {
        return Outcome.refused("anti-passback", use.registration(), use.distance());
      }
      if (lot.full()) {
        use = valid.stream().filter(m -> m.registration().reserved()).findFirst().orElse(null);
        if (use == null) {
          return Outcome.refused("lot full", valid.getFirst().registration(), valid.getFirst().distance());
        }
      }
    }
    return new Outcome(true, reason(use, read), use.registration(), use.distance(),
        lane.lot() == null ? null : new Movement(lane.lot(), true, chosen));
  }

  private static Outcome exit(Lots lots, LaneConfig lane, String read, List<Registry.Match> matches) {
    Registry.Match m = matches.isEmpty() ? null : matches.getFirst();
    Registration r = m == null ? null : m.registration();
    double d = m == null ? -1 : m.distance();
    if ("entered".equals(lane.exitRule())) {
      Lots.Lot lot = lots.lot(lane.lot());
      Lots.Inside inside = r != null && lot.inside.containsKey(r.plate()) ? new Lots.Inside(r.plate(), d)
          : lot.findInside(read, lane.maxDistance());
      if (inside == null) {
        return Outcome.refused("not entered", r, d);
      }
      double di = inside.distance();
      return new Outcome(true, di <= 0 ? "exact" : "fuzzy d=" + number(di) + " " + edits(inside.plate(), read), r, d,
          new Movement(lane.lot(), false, inside.plate()));
    }
    Movement move = lane.lot() == null ? null : new Movement(lane.lot(), false, r == null ? read : r.plate());
    return new Outcome(true, m == null ? "exit open to all" : reason(m, read), r, d, move);
  }

  /** Why this registration does not let the plate in through this lane now, or null when it does. */
  private static String refusal(Registration r, LaneConfig lane, Instant now) {
    if (r.kind() == Registration.Kind.PASS) {
      if (r.lot() != null && !r.lot().equals(lane.lot())) {
        return "lane not allowed";
      }
    } else if (!r.lanes().isEmpty() && !r.lanes().contains(lane.id())) {
      return "lane not allowed";
    }
    if (r.validFrom() != null && now.isBefore(r.validFrom())) {
      return "not yet valid";
    }
    if (r.validTo() != null && !now.isBefore(r.validTo())) {
      return "expired";
    }
    if (r.schedule() != null && !r.schedule().allows(now)) {
      return "outside schedule";
    }
    return null;
  }

  private static String reason(Registry.Match m, String read) {
    String base = m.distance() == 0 ? "exact" : fuzzy(m, read);
    return m.registration().kind() == Registration.Kind.PASS ? base + " (pass)" : base;
  }

  private static String fuzzy(Registry.Match m, String read) {
    return "fuzzy d=" + number(m.distance()) + " " + edits(m.registration().plate(), read);
  }

  private static String edits(String registered, String read) {
    return String.join(" ", EditScript.between(registered, read));
  }

  /** 1 for 1.0, 0.5 for 0.5: distances are multiples of a half. */
  static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
  }
}
