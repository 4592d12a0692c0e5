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

  /** A gate opening that moved a vehicle in or out of a lot, to be written to the database. */
  record Move(String lot, boolean enter, String plate, Instant at) {

    JsonObject toJson() {
      return new JsonObject().put("t", "pending").put("lot", lot).put("enter", enter).put("plate", plate)
          .put("at", at.toString());
    }

    static Move from(JsonObject j) {
      return new Move(j.getString("lot"), j.getBoolean("enter"), j.getString("plate"), Instant.parse(j.getString("at")));
    }
  }

  final Registry registry;
  final Lots lots = new Lots();
  final Deque<Move> pending = new ArrayDeque<>();
  private final ZoneId zone;

  private MatcherState(Registry registry, ZoneId zone) {
    this.registry = registry;
    this.zone = zone;
  }

  /**
   * Builds the state from lines of {@code t} plate, pass, lot, inside and pending; then replays the pending lines
   * and {@code unflushed} (movements this device made that the database has not received) on the lots, and keeps
   * them pending. A line that does not parse is
   * logged and skipped: one bad row must not keep a gate from deciding.
   */
  static MatcherState build(List<JsonObject> lines, ZoneId zone, List<Move> unflushed) {
    List<Registration> regs = new ArrayList<>(lines.size());
    List<JsonObject> rest = new ArrayList<>();
    for (JsonObject l : lines) {
      String t = l.getString("t", "");
      try {
        switch (t) {
          case "plate" -> regs.add(Registration.plate(l, zone));
          case "pass" -> regs.add(Registration.pass(l));
          default -> rest.add(l);
        }
      } catch (RuntimeException e) {
        LOG.warn("Skipping registration {} id {}: {}", t, l.getValue("id"), e.getMessage());
      }
    }
    MatcherState s = new MatcherState(Registry.of(regs), zone);
    List<Move> moves = new ArrayList<>(unflushed);
    for (JsonObject l : rest) {
      switch (l.getString("t", "")) {
        case "lot" -> s.lots.update(l);
        case "inside" -> s.lots.lot(l.getString("lot")).inside.put(l.getString("plate"), Instant.parse(l.getString("at")));
        case "pending" -> moves.add(Move.from(l));
        default -> { }
      }
    }
    moves.forEach(s::move);
    return s;
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
        if ("DELETE".equals(op)) {
          registry.remove(t + ":" + change.getLong("id"));
        } else {
          registry.put("plate".equals(t) ? Registration.plate(row, zone) : Registration.pass(row));
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
