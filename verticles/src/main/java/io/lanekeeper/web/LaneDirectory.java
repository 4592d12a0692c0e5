package io.lanekeeper.web;

import io.lanekeeper.config.LaneConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lanes as they run now, for the web's routes: the ones the controller started with, and each lane an admin
 * changes since ({@code lanes.changed.web}). Lane order stays the order they first appeared in.
 */
final class LaneDirectory {

  private final Map<String, LaneConfig> byId = new ConcurrentHashMap<>();
  private final List<String> order = new CopyOnWriteArrayList<>();

  LaneDirectory(List<LaneConfig> lanes) {
    lanes.forEach(this::put);
  }

  void put(LaneConfig l) {
    if (byId.put(l.id(), l) == null) {
      order.add(l.id());
    }
  }

  /** The lane, or null when no such lane runs. */
  LaneConfig get(String id) {
    return id == null ? null : byId.get(id);
  }

  /** The running lanes' ids, in order. */
  List<String> ids() {
    return List.copyOf(order);
  }

  List<LaneConfig> all() {
    List<LaneConfig> out = new ArrayList<>();
    order.forEach(id -> out.add(byId.get(id)));
    return out;
  }
}
