package io.lanekeeper.matcher;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The car parks: capacity, how many vehicles are in (from the gates' entries and exits, set by staff when it
 * drifts), and which plates are inside (for anti-passback and exit lanes that let out only what came in).
 * The count the gate device keeps is the one it decides with; the database learns each movement when it can.
 */
final class Lots {

  /** One car park; {@code capacity} null means no limit. */
  static final class Lot {
    final String id;
    Integer capacity;
    int occupancy;
    final Map<String, Instant> inside = new LinkedHashMap<>();

    Lot(String id) {
      this.id = id;
    }

    boolean full() {
      return capacity != null && occupancy >= capacity;
    }

    /** The plate inside nearest to the read within {@code max}, with its distance, or null. */
    Inside findInside(String read, double max) {
      if (inside.containsKey(read)) {
        return new Inside(read, 0);
      }
      Inside best = null;
      for (String p : inside.keySet()) {
        double d = LookAlikes.distance(p, read, max);
        if (d >= 0 && (best == null || d < best.distance())) {
          best = new Inside(p, d);
        }
      }
      return best;
    }
  }

  /** A plate inside a lot, found for a read, and its distance from the read. */
  record Inside(String plate, double distance) {
  }

  private final Map<String, Lot> lots = new HashMap<>();

  Lot lot(String id) {
    return lots.computeIfAbsent(id, Lot::new);
  }

  Map<String, Lot> all() {
    return lots;
  }

  /** Capacity and count as the database has them ({@code lk_lot_json}). */
  void update(JsonObject j) {
    Lot l = lot(j.getString("id"));
    l.capacity = j.getInteger("capacity");
    l.occupancy = Math.max(0, j.getInteger("occupancy", 0));
  }

  void enter(String lotId, String plate, Instant at) {
    Lot l = lot(lotId);
    l.occupancy++;
    if (plate != null) {
      l.inside.put(plate, at);
    }
  }

  void exit(String lotId, String plate) {
    Lot l = lot(lotId);
    l.occupancy = Math.max(0, l.occupancy - 1);
    if (plate != null) {
      l.inside.remove(plate);
    }
  }
}
