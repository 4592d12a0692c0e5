package io.lanekeeper.matcher;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the matcher decides with: registrations, lots and the lot movements the database has not heard of
 * yet. Built from JSON lines (the database's rows or the snapshot's), changed by NOTIFY payloads. One thread owns
 * an instance; {@link #build} may run on another before it is handed over.
 */
final class MatcherState {

  private static final Logger LOG = LoggerFactory.getLogger(MatcherState.class);

  /**
   * A vehicle moved in or out of a lot, to be written to the database: a gate opening (with the lane and the
   * decision, null for older snapshot lines), or a person marking a plate gone ({@code by} and {@code why} set:
   * written with its audit entry).
   */
  record Move(String lot, boolean enter, String plate, Instant at, String lane, String vehicle, String by,
              String why) {

    Move(String lot, boolean enter, String plate, Instant at) {
      this(lot, enter, plate, at, null, null, null, null);
    }

    JsonObject toJson() {
      return new JsonObject().put("t", "pending").put("lot", lot).put("enter", enter).put("plate", plate)
          .put("at", at.toString()).put("lane", lane).put("vehicle", vehicle).put("by", by).put("why", why);
    }

    static Move from(JsonObject j) {
      return new Move(j.getString("lot"), j.getBoolean("enter"), j.getString("plate"),
          Instant.parse(j.getString("at")), j.getString("lane"), j.getString("vehicle"), j.getString("by"),
          j.getString("why"));
    }
  }

  /** A registry row the matcher could not read whole: skipped (allow, pass) or kept in its strictest form (deny). */
  record Problem(String key, String plate, boolean denyKept, String why) {

    String describe() {
      return denyKept
          ? "deny entry " + key + " (" + plate + ") cannot be read whole (" + why + "); it denies " + plate
            + " always, on every lane, until it is fixed"
          : "registry row " + key + " cannot be read (" + why + "); it lets nobody in until it is fixed";
    }
  }

  final Registry registry;
  final Lots lots = new Lots();
  final Deque<Move> pending = new ArrayDeque<>();
  /** Rows found unreadable since the owner last took them ({@link #takeProblems}). */
  private final List<Problem> problems = new ArrayList<>();
  /** The keys of the rows that are unreadable now: those found and not read well (or deleted) since. */
  final java.util.Set<String> unreadable = new java.util.HashSet<>();
  private final ZoneId zone;

  private MatcherState(Registry registry, ZoneId zone) {
    this.registry = registry;
    this.zone = zone;
  }

  /**
   * Builds the state from lines of {@code t} plate, pass, lot, inside and pending; then replays the pending lines
   * and {@code unflushed} (movements this device made that the database has not received) on the lots, and keeps
   * them pending. A line that does not parse does not keep a gate from deciding: it is skipped, or kept in its
   * strictest form when it is a deny entry, and listed in {@link #takeProblems}.
   */
  static MatcherState build(List<JsonObject> lines, ZoneId zone, List<Move> unflushed) {
    List<Registration> regs = new ArrayList<>(lines.size());
    List<JsonObject> rest = new ArrayList<>();
    List<Problem> found = new ArrayList<>();
    for (JsonObject l : lines) {
      String t = l.getString("t", "");
      if (!t.equals("plate") && !t.equals("pass")) {
        rest.add(l);
        continue;
      }
      Parsed p = parse(t, l, zone);
      if (p.registration() != null) {
        regs.add(p.registration());
      }
      if (p.problem() != null) {
        found.add(p.problem());
      }
    }
    MatcherState s = new MatcherState(Registry.of(regs), zone);
    found.forEach(s::note);
    List<Move> moves = new ArrayList<>(unflushed);
    for (JsonObject l : rest) {
      switch (l.getString("t", "")) {
        case "lot" -> s.lots.update(l);
        case "inside" -> s.lots.lot(l.getString("lot")).inside
            .put(l.getString("plate"), Instant.parse(l.getString("at")));
        case "pending" -> moves.add(Move.from(l));
        default -> { }
      }
    }
    moves.forEach(s::move);
    return s;
  }

  /** A plate or pass row as the matcher reads it: a registration, null when it cannot be used, and what was wrong. */
  private record Parsed(Registration registration, Problem problem) {
  }

  /** Fails closed (see {@link Registration#plate}). */
  private static Parsed parse(String t, JsonObject row, ZoneId zone) {
    try {
      Registration r = "plate".equals(t) ? Registration.plate(row, zone) : Registration.pass(row);
      return new Parsed(r, r.problem() == null ? null : new Problem(r.key(), r.plate(), true, r.problem()));
    } catch (RuntimeException e) {
      return new Parsed(null, new Problem(t + ":" + row.getValue("id"), String.valueOf(row.getValue("plate")), false,
          e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  /** A row found unreadable: unreadable now, and to be reported. */
  private void note(Problem p) {
    problems.add(p);
    unreadable.add(p.key());
  }

  /** The unreadable rows found since the last call, for the owner to log and raise an alert; clears the list. */
  List<Problem> takeProblems() {
    List<Problem> out = List.copyOf(problems);
    problems.clear();
    return out;
  }

  /** Records a movement: applied to the lots now, written to the database later. */
  void move(Move m) {
    replay(m);
    pending.addLast(m);
  }

  private void replay(Move m) {
    if (m.enter()) {
      lots.enter(m.lot(), m.plate(), m.at());
    } else {
      lots.exit(m.lot(), m.plate());
    }
  }

  /**
   * Applies one NOTIFY payload that carries its row; returns false when it cannot (a truncation, or a row too
   * big for a notification) and the caller must fetch or reload.
   */
  boolean apply(JsonObject change) {
    String t = change.getString("t", "");
    String op = change.getString("op", "");
    JsonObject row = change.getJsonObject("row");
    if ("TRUNCATE".equals(op) || (!"DELETE".equals(op) && row == null)) {
      return false;
    }
    switch (t) {
      case "plate", "pass" -> {
        String key = t + ":" + change.getLong("id");
        Parsed p = "DELETE".equals(op) ? new Parsed(null, null) : parse(t, row, zone);
        Problem problem = p.problem();
        Registration old = registry.get(key);
        if (p.registration() == null && problem != null && old != null && old.deny()) {
          // a deny entry changed into something unreadable, even its plate: the denial it made still holds
          problem = new Problem(key, old.plate(), true, problem.why());
        } else if (p.registration() == null) {
          // deleted, or changed into something unreadable: an allow entry that cannot be read lets nobody in
          registry.remove(key);
        } else {
          registry.put(p.registration());
        }
        if (problem != null) {
          note(problem);
        } else {
          unreadable.remove(key);
        }
      }
      case "lot" -> {
        if ("DELETE".equals(op)) {
          lots.all().remove(String.valueOf(change.getValue("id")));
        } else {
          lots.update(row);
          // the database's count plus this device's movements it has not received yet
          pending.stream().filter(m -> m.lot().equals(row.getString("id"))).forEach(m -> {
            Lots.Lot l = lots.lot(m.lot());
            l.occupancy = Math.max(0, l.occupancy + (m.enter() ? 1 : -1));
          });
        }
      }
      case "inside" -> {
        // another device of the site let a vehicle in or out of a lot this device also has lanes of (or a person's
        // records were erased): who is inside follows, for anti-passback and exit lanes; the count comes as "lot"
        Lots.Lot l = lots.lot(row.getString("lot"));
        String plate = row.getString("plate");
        if ("DELETE".equals(op)) {
          l.inside.remove(plate);
        } else if (plate != null) {
          l.inside.put(plate, java.time.OffsetDateTime.parse(row.getString("at")).toInstant());
        }
      }
      default -> LOG.warn("Ignoring a registry notification of unknown type '{}'", t);
    }
    return true;
  }

  /**
   * What a snapshot holds, captured on the owning thread (references to immutable registrations, copies of the
   * rest); {@link Captured#lines()} turns it into JSON lines on another thread, so that a large registry does
   * not hold up the event loop.
   */
  Captured capture() {
    List<JsonObject> rest = new ArrayList<>();
    for (Lots.Lot l : lots.all().values()) {
      rest.add(new JsonObject().put("t", "lot").put("id", l.id).put("capacity", l.capacity)
          .put("occupancy", l.occupancy - pendingDelta(l.id)));
      for (Map.Entry<String, Instant> e : l.inside.entrySet()) {
        rest.add(new JsonObject().put("t", "inside").put("lot", l.id).put("plate", e.getKey())
            .put("at", e.getValue().toString()));
      }
    }
    pending.forEach(m -> rest.add(m.toJson()));
    return new Captured(registry.all(), rest);
  }

  record Captured(List<Registration> registrations, List<JsonObject> rest) {

    List<JsonObject> lines() {
      List<JsonObject> out = new ArrayList<>(registrations.size() + rest.size());
      for (Registration r : registrations) {
        out.add(r.toJson().put("t", r.kind() == Registration.Kind.PASS ? "pass" : "plate"));
      }
      out.addAll(rest);
      return out;
    }
  }

  private int pendingDelta(String lot) {
    return pending.stream().filter(m -> m.lot().equals(lot)).mapToInt(m -> m.enter() ? 1 : -1).sum();
  }
}
