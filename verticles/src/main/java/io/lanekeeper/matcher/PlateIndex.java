package io.lanekeeper.matcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the registered plates within a weighted edit distance of a read without looking at the others: a
 * deletion neighbourhood (symmetric deletion, as SymSpell) over the plates' look-alike {@linkplain
 * LookAlikes#canonical canonical forms}.
 *
 * <p>Two strings are within plain edit distance {@code k} only if deleting at most {@code k} characters from each
 * gives a common string. The index holds, for every plate, each distinct string that deleting up to {@link
 * #MAX_DISTANCE} characters of its canonical form gives, as a 42-bit hash packed with the plate's 22-bit slot into
 * one {@code long}, sorted: 29 longs for a 7-character plate, 232 MB for a million plates, and no string objects
 * per entry. A lookup hashes the read's own deletions (29 for 7 characters at distance 2), finds each in the sorted
 * array by binary search, and checks every plate found with {@link LookAlikes#distance}; a hash collision costs one
 * extra check, never a wrong answer.
 *
 * <p>Plates added after the sorted array was built go to a small map with the same keys; removed plates are
 * marked and skipped. {@link #compacted()} builds a new index from the live plates when the additions have grown.
 * Instances are not thread-safe for writing; the matcher reads one from its own event loop.
 */
final class PlateIndex {

  /** The largest distance an index answers; lanes allow up to this. */
  static final int MAX_DISTANCE = 2;
  static final int SLOT_BITS = 22;
  static final int MAX_PLATES = 1 << SLOT_BITS;
  private static final long SLOT_MASK = MAX_PLATES - 1L;

  /** A plate found: its slot in the index, text, and weighted distance from the read. */
  record Hit(int slot, String plate, double distance) {
  }

  private final List<String> plates = new ArrayList<>();
  private final Map<String, List<Integer>> exact = new HashMap<>();
  private final long[] packed;
  private final Map<Long, List<Integer>> added = new HashMap<>();
  private final Set<Integer> removed = new HashSet<>();

  private PlateIndex(List<String> initial) {
    if (initial.size() > MAX_PLATES) {
      throw new IllegalArgumentException("an index holds at most " + MAX_PLATES + " plates, got " + initial.size());
    }
    long[] buf = new long[Math.max(16, initial.size() * 30)];
    int n = 0;
    for (String p : initial) {
      int slot = register(p);
      for (long key : keys(LookAlikes.canonical(p))) {
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[n++] = key | slot;
      }
    }
    packed = Arrays.copyOf(buf, n);
    Arrays.sort(packed);
  }

  /** An index of these plates (normalised plate texts), slots in list order. */
  static PlateIndex of(List<String> plates) {
    return new PlateIndex(plates);
  }

  /** The live plates in a new index, with no additions map and no removed slots. */
  PlateIndex compacted() {
    List<String> live = new ArrayList<>();
    for (int s = 0; s < plates.size(); s++) {
      if (!removed.contains(s)) {
        live.add(plates.get(s));
      }
    }
    return new PlateIndex(live);
  }

  /** Adds a plate and returns its slot. */
  int add(String plate) {
    if (plates.size() >= MAX_PLATES) {
      throw new IllegalStateException("the index is full (" + MAX_PLATES + " plates)");
    }
    int slot = register(plate);
    for (long key : keys(LookAlikes.canonical(plate))) {
      added.computeIfAbsent(key, k -> new ArrayList<>(1)).add(slot);
    }
    return slot;
  }

  /** Marks a slot as removed: it is never found again. */
  void remove(int slot) {
    if (slot >= 0 && slot < plates.size() && removed.add(slot)) {
      List<Integer> same = exact.get(plates.get(slot));
      if (same != null) {
        same.remove(Integer.valueOf(slot));
      }
    }
  }

  /** Plates added since the sorted array was built. */
  int additions() {
    return added.isEmpty() ? 0 : (int) added.values().stream().flatMap(List::stream).distinct().count();
  }

  /** Live plates. */
  int size() {
    return plates.size() - removed.size();
  }

  String plate(int slot) {
    return plates.get(slot);
  }

  /** The live slots holding exactly this text. */
  List<Integer> exact(String plate) {
    return List.copyOf(exact.getOrDefault(plate, List.of()));
  }

  /** The live plates within weighted distance {@code max} (at most {@link #MAX_DISTANCE}), nearest first. */
  List<Hit> within(String read, double max) {
    if (max < 0 || max > MAX_DISTANCE) {
      throw new IllegalArgumentException("distance must be 0.." + MAX_DISTANCE + ", got " + max);
    }
    Set<Integer> candidates = new LinkedHashSet<>(exact.getOrDefault(read, List.of()));
    if (max > 0) {
      for (long key : keys(LookAlikes.canonical(read), (int) Math.floor(max + 1e-9))) {
        int i = lowerBound(packed, key);
        while (i < packed.length && (packed[i] & ~SLOT_MASK) == key) {
          candidates.add((int) (packed[i] & SLOT_MASK));
          i++;
        }
        List<Integer> more = added.get(key);
        if (more != null) {
          candidates.addAll(more);
        }
      }
    }
    List<Hit> hits = new ArrayList<>();
    for (int slot : candidates) {
      if (removed.contains(slot)) {
        continue;
      }
      String p = plates.get(slot);
      double d = p.equals(read) ? 0 : LookAlikes.distance(p, read, max);
      if (d >= 0) {
        hits.add(new Hit(slot, p, d));
      }
    }
    hits.sort((a, b) -> Double.compare(a.distance(), b.distance()));
    return hits;
  }

  private int register(String plate) {
    int slot = plates.size();
    plates.add(plate);
    exact.computeIfAbsent(plate, k -> new ArrayList<>(1)).add(slot);
    return slot;
  }

  private static long[] keys(String canonical) {
    return keys(canonical, MAX_DISTANCE);
  }

  /** The hashed keys of the distinct strings {@code s} gives with up to {@code k} characters deleted. */
  static long[] keys(String s, int k) {
    Set<String> variants = new HashSet<>();
    deletions(s, k, 0, variants);
    long[] out = new long[variants.size()];
    int i = 0;
    for (String v : variants) {
      out[i++] = hash(v) & ~SLOT_MASK;
    }
    return out;
  }

  /** Deletes positions in increasing order, so each set of positions is tried once. */
  private static void deletions(String s, int k, int from, Set<String> out) {
    out.add(s);
    if (k == 0) {
      return;
    }
    for (int i = from; i < s.length(); i++) {
      deletions(s.substring(0, i) + s.substring(i + 1), k - 1, i, out);
    }
  }

  /** 64-bit FNV-1a over the characters, with a final mix so that the top bits are as good as the bottom ones. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= s.length();
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }

  private static int lowerBound(long[] a, long key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
