package io.lanekeeper.matcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered plates and passes the matcher decides with, by key, over one {@link PlateIndex}. Changes arrive
 * one at a time (NOTIFY); an update is a removal and an addition. Not thread-safe: one thread owns it, and a
 * replacement is built with {@link #of} off that thread.
 */
final class Registry {

  /** Past this many additions and removals since the last build, {@link #needsCompaction()} says so. */
  static final int COMPACT_AFTER = 50_000;

  /** A registration within reach of a read. */
  record Match(Registration registration, double distance) {
  }

  private final PlateIndex index;
  private final List<Registration> bySlot;
  private final Map<String, Integer> slotByKey;

  private Registry(PlateIndex index, List<Registration> bySlot, Map<String, Integer> slotByKey) {
    this.index = index;
    this.bySlot = bySlot;
    this.slotByKey = slotByKey;
  }

  static Registry of(Collection<Registration> registrations) {
    return of(registrations, true);
  }

  /** With {@code weighted} false, plain Levenshtein distances (for measuring what the look-alike costs bring). */
  static Registry of(Collection<Registration> registrations, boolean weighted) {
    List<Registration> list = new ArrayList<>(registrations.size());
    Map<String, Integer> slots = new HashMap<>(registrations.size() * 2);
    for (Registration r : registrations) {
      Integer old = slots.put(r.key(), list.size());
      if (old != null) {
        throw new IllegalArgumentException("duplicate registration " + r.key());
      }
      list.add(r);
    }
    List<String> texts = list.stream().map(Registration::plate).toList();
    return new Registry(weighted ? PlateIndex.of(texts) : PlateIndex.plain(texts), list, slots);
  }

  /** Adds or replaces the registration with this key. */
  void put(Registration r) {
    remove(r.key());
    int slot = index.add(r.plate());
    while (bySlot.size() <= slot) {
      bySlot.add(null);
    }
    bySlot.set(slot, r);
    slotByKey.put(r.key(), slot);
  }

  /** Removes the registration with this key, if held. */
  void remove(String key) {
    Integer slot = slotByKey.remove(key);
    if (slot != null) {
      index.remove(slot);
      bySlot.set(slot, null);
    }
  }

  Registration get(String key) {
    Integer slot = slotByKey.get(key);
    return slot == null ? null : bySlot.get(slot);
  }

  int size() {
    return slotByKey.size();
  }

  boolean needsCompaction() {
    return index.additions() + index.removals() > Math.max(COMPACT_AFTER, size() / 4);
  }

  /** The live registrations (for a rebuild or the snapshot). */
  List<Registration> all() {
    List<Registration> out = new ArrayList<>(size());
    for (Registration r : bySlot) {
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /** Every registration within weighted distance {@code max} of the read, nearest first. */
  List<Match> within(String read, double max) {
    List<Match> out = new ArrayList<>();
    for (PlateIndex.Hit h : index.within(read, max)) {
      out.add(new Match(bySlot.get(h.slot()), h.distance()));
    }
    return out;
  }
}
