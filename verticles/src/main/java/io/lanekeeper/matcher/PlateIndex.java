package io.lanekeeper.matcher;

import io.lanekeeper.plates.PlateText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the plates within a weighted edit distance of a read without looking at the others: a deletion
 * neighbourhood (symmetric deletion, as in SymSpell) over the plates' look-alike {@linkplain LookAlikes#canonical
 * canonical forms}.
 *
 * <p>Two strings are within edit distance {@code k} only if deleting at most {@code k} characters from each gives a
 * common string. For every plate the index holds one entry per set of up to {@link #MAX_DISTANCE} deleted positions
 * (29 for 7 characters), packed into one {@code long}: a 25-bit hash of what is left, the deleted positions, an 8-bit
 * signature of what is left in the plate's own (unfolded) characters and the plate's slot, sorted, with a directory
 * on the top bits of the hash so that a probe reads one or two cache lines.
 *
 * <p>The positions make the filter exact without touching the plate: when a read with positions {@code R} deleted
 * and a plate with {@code P} deleted leave the same string, the alignment that implies costs {@code |P| + |R| - m},
 * where {@code m} pairs a deletion on each side that fall into the same gap of the common string (a substitution).
 * Every plate within canonical distance {@code k} has a pair of deletion sets whose cost is its distance, so keeping
 * the entries whose cost is at most {@code k} keeps exactly those plates (plus, rarely, a hash collision). When the
 * signatures differ, a kept character differs by a look-alike and the alignment costs half an edit more, which
 * drops most candidates among plates full of look-alike classes. Only the survivors get the weighted distance
 * ({@link LookAlikes#distance}, here on bytes): a lookup at distance 2 among a million plates reads 29 short runs
 * and computes a handful of distances.
 *
 * <p>Plates added after the sorted array was built go to a map with the same keys; removed slots are marked and
 * skipped; {@link #compacted()} builds a fresh index of the live plates. Not thread-safe for writing: the matcher
 * changes and reads an index from one thread, and builds a replacement off it.
 */
final class PlateIndex {

  /** The largest distance an index answers. */
  static final int MAX_DISTANCE = 2;
  static final int MAX_LENGTH = PlateText.MAX_LENGTH;
  static final int SLOT_BITS = 22;
  static final int MAX_PLATES = 1 << SLOT_BITS;
  private static final int POS_BITS = 4;
  private static final int NONE = (1 << POS_BITS) - 1;
  /** Bits of a hash of the variant's own characters (not folded), to tell look-alike differences apart. */
  private static final int SIG_BITS = 8;
  private static final int SIG_MASK = (1 << SIG_BITS) - 1;
  private static final int P2_SHIFT = SLOT_BITS + SIG_BITS;
  private static final int P1_SHIFT = P2_SHIFT + POS_BITS;
  private static final int LOW_BITS = SLOT_BITS + SIG_BITS + 2 * POS_BITS;
  private static final long LOW_MASK = (1L << LOW_BITS) - 1;
  private static final long SLOT_MASK = MAX_PLATES - 1L;
  private static final int HASH_BITS = 63 - LOW_BITS;

  /** A plate found: its slot in the index, text, and weighted distance from the read. */
  record Hit(int slot, String plate, double distance) {
  }

  private final boolean weighted;
  private final List<String> plates = new ArrayList<>();
  /** Each plate's characters at {@code slot * MAX_LENGTH}, and its length: one cache line per candidate checked. */
  private byte[] text = new byte[16 * MAX_LENGTH];
  private byte[] lengths = new byte[16];
  private final Map<String, int[]> exact = new HashMap<>();
  private final long[] packed;
  private final int dirBits;
  private final int[] directory;
  private final Map<Long, long[]> added = new HashMap<>();
  private final BitSet removed = new BitSet();
  private int addedPlates;

  private PlateIndex(List<String> initial, boolean weighted) {
    this.weighted = weighted;
    if (initial.size() > MAX_PLATES) {
      throw new IllegalArgumentException("an index holds at most " + MAX_PLATES + " plates, got " + initial.size());
    }
    long[] buf = new long[Math.max(16, initial.size() * 30)];
    int n = 0;
    byte[] codes = new byte[MAX_LENGTH];
    byte[] own = new byte[MAX_LENGTH];
    for (String p : initial) {
      int slot = register(p);
      int len = codes(p, codes, own);
      if (n + variants(len, MAX_DISTANCE) > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + 100));
      }
      n = entries(codes, own, len, MAX_DISTANCE, slot, buf, n);
    }
    packed = Arrays.copyOf(buf, n);
    Arrays.sort(packed);
    dirBits = Math.max(4, Math.min(24, 64 - Long.numberOfLeadingZeros(Math.max(1, n / 4))));
    directory = new int[(1 << dirBits) + 1];
    int e = 0;
    for (int b = 0; b < (1 << dirBits); b++) {
      directory[b] = e;
      while (e < n && bucket(packed[e] >>> LOW_BITS) == b) {
        e++;
      }
    }
    directory[1 << dirBits] = n;
  }

  /** An index of these plates (normalised plate texts), slots in list order. */
  static PlateIndex of(List<String> plates) {
    return new PlateIndex(plates, true);
  }

  /** An index with plain Levenshtein distances (every edit 1): the comparison the look-alike costs are measured by. */
  static PlateIndex plain(List<String> plates) {
    return new PlateIndex(plates, false);
  }

  /** The live plates in a new index, with no additions map and no removed slots, in slot order. */
  PlateIndex compacted() {
    return new PlateIndex(live(), weighted);
  }

  /** The live plates in slot order. */
  List<String> live() {
    List<String> out = new ArrayList<>(size());
    for (int s = 0; s < plates.size(); s++) {
      if (!removed.get(s)) {
        out.add(plates.get(s));
      }
    }
    return out;
  }

  /** Adds a plate and returns its slot. */
  int add(String plate) {
    if (plates.size() >= MAX_PLATES) {
      throw new IllegalStateException("the index is full (" + MAX_PLATES + " plates)");
    }
    int slot = register(plate);
    byte[] codes = new byte[MAX_LENGTH];
    byte[] own = new byte[MAX_LENGTH];
    int len = codes(plate, codes, own);
    long[] buf = new long[variants(len, MAX_DISTANCE)];
    int n = entries(codes, own, len, MAX_DISTANCE, slot, buf, 0);
    for (int i = 0; i < n; i++) {
      long key = buf[i] >>> LOW_BITS;
      long[] old = added.get(key);
      long[] grown = old == null ? new long[1] : Arrays.copyOf(old, old.length + 1);
      grown[grown.length - 1] = buf[i] & LOW_MASK;
      added.put(key, grown);
    }
    addedPlates++;
    return slot;
  }

  /** Marks a slot as removed: it is never found again. */
  void remove(int slot) {
    if (slot >= 0 && slot < plates.size() && !removed.get(slot)) {
      removed.set(slot);
      String p = plates.get(slot);
      int[] same = exact.get(p);
      if (same != null) {
        int[] rest = Arrays.stream(same).filter(s -> s != slot).toArray();
        if (rest.length == 0) {
          exact.remove(p);
        } else {
          exact.put(p, rest);
        }
      }
    }
  }

  /** Plates added since the sorted array was built (removed ones included): the measure of when to compact. */
  int additions() {
    return addedPlates;
  }

  /** Slots removed since the sorted array was built. */
  int removals() {
    return removed.cardinality();
  }

  /** Live plates. */
  int size() {
    return plates.size() - removed.cardinality();
  }

  String plate(int slot) {
    return plates.get(slot);
  }

  /** The live slots holding exactly this text. */
  int[] exact(String plate) {
    int[] s = exact.get(plate);
    return s == null ? new int[0] : s.clone();
  }

  /**
   * The live plates within weighted distance {@code max} (0 to {@link #MAX_DISTANCE}) of the read, nearest first.
   *
   * @throws IllegalArgumentException when the read is longer than {@link #MAX_LENGTH} or the distance out of range
   */
  List<Hit> within(String read, double max) {
    if (!(max >= 0 && max <= MAX_DISTANCE)) {
      throw new IllegalArgumentException("distance must be 0.." + MAX_DISTANCE + ", got " + max);
    }
    if (read.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a read is at most " + MAX_LENGTH + " characters, got " + read.length());
    }
    int k = (int) Math.floor(max + 1e-9);
    List<Hit> hits = new ArrayList<>(4);
    if (k == 0 && (max < LookAlikes.COST || !weighted)) {
      for (int s : exact(read)) {
        hits.add(new Hit(s, read, 0));
      }
      return hits;
    }
    byte[] codes = new byte[MAX_LENGTH];
    byte[] r = new byte[MAX_LENGTH];
    int len = codes(read, codes, r);
    int maxHalf = (int) Math.floor(max * 2 + 1e-9);
    long[] probes = new long[variants(len, k)];
    int np = entries(codes, r, len, k, 0, probes, 0);
    Slots found = new Slots();
    for (int i = 0; i < np; i++) {
      long key = probes[i] >>> LOW_BITS;
      int r1 = (int) (probes[i] >>> P1_SHIFT) & NONE;
      int r2 = (int) (probes[i] >>> P2_SHIFT) & NONE;
      int sig = (int) (probes[i] >>> SLOT_BITS) & SIG_MASK;
      int b = bucket(key);
      int from = directory[b];
      int to = directory[b + 1];
      int nr = (r1 == NONE ? 0 : 1) + (r2 == NONE ? 0 : 1);
      if (nr == k) {
        // a probe with all k deletions: only the plate's deletion sets listed here cost at most k, and the entries
        // of one key are sorted by their positions, so each is a short run found by binary search
        run(key, NONE, NONE, r1, r2, sig, maxHalf, from, to, found);
        if (k >= 1) {
          run(key, r1, NONE, r1, r2, sig, maxHalf, from, to, found);
        }
        if (k == 2) {
          if (r2 - 1 != r1) {
            run(key, r2 - 1, NONE, r1, r2, sig, maxHalf, from, to, found);
          }
          run(key, r1, r2, r1, r2, sig, maxHalf, from, to, found);
        }
      } else {
        for (int e = lowerBound(packed, key << LOW_BITS, from, to); e < to && packed[e] >>> LOW_BITS == key; e++) {
          if (admits(packed[e], r1, r2, sig, maxHalf)) {
            found.add((int) (packed[e] & SLOT_MASK));
          }
        }
      }
      long[] more = added.get(key);
      if (more != null) {
        for (long entry : more) {
          if (admits(entry, r1, r2, sig, maxHalf)) {
            found.add((int) (entry & SLOT_MASK));
          }
        }
      }
    }
    Arrays.sort(found.a, 0, found.n);
    int[] prev = new int[MAX_LENGTH + 1];
    int[] cur = new int[MAX_LENGTH + 1];
    for (int i = 0; i < found.n; i++) {
      int slot = found.a[i];
      if ((i > 0 && found.a[i - 1] == slot) || removed.get(slot)) {
        continue;
      }
      int half = LookAlikes.halfDistance(text, slot * MAX_LENGTH, lengths[slot], r, len, maxHalf, weighted, prev,
          cur);
      if (half >= 0) {
        hits.add(new Hit(slot, plates.get(slot), half / 2.0));
      }
    }
    hits.sort((a, c) -> Double.compare(a.distance(), c.distance()));
    return hits;
  }

  /** Adds the slots of the entries of {@code key} with deleted positions {@code p1}, {@code p2} that it admits. */
  private void run(long key, int p1, int p2, int r1, int r2, int sig, int maxHalf, int from, int to, Slots out) {
    long prefix = key << LOW_BITS | (long) p1 << P1_SHIFT | (long) p2 << P2_SHIFT;
    long mask = ~((1L << P2_SHIFT) - 1);
    for (int e = lowerBound(packed, prefix, from, to); e < to && (packed[e] & mask) == prefix; e++) {
      if (admits(packed[e], r1, r2, sig, maxHalf)) {
        out.add((int) (packed[e] & SLOT_MASK));
      }
    }
  }

  /**
   * Whether the alignment an entry and a probe imply may cost at most {@code maxHalf} half edits: its edits in
   * canonical form ({@link #cost}), plus half an edit when the characters left differ in look-alikes (the
   * signatures differ). The alignment that realises a plate's weighted distance has only look-alikes among its
   * kept characters, each costing half, so this never drops a plate within reach.
   */
  private boolean admits(long entry, int r1, int r2, int sig, int maxHalf) {
    int half = 2 * cost(entry, r1, r2);
    if (weighted && ((int) (entry >>> SLOT_BITS) & SIG_MASK) != sig) {
      half++;
    }
    return half <= maxHalf;
  }

  /** A growable list of slots. */
  private static final class Slots {
    int[] a = new int[16];
    int n;

    void add(int slot) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
      }
      a[n++] = slot;
    }
  }

  private int register(String plate) {
    if (plate.isEmpty() || plate.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a plate has 1 to " + MAX_LENGTH + " characters, got '" + plate + "'");
    }
    int slot = plates.size();
    plates.add(plate);
    if (slot == lengths.length) {
      lengths = Arrays.copyOf(lengths, slot * 2);
      text = Arrays.copyOf(text, slot * 2 * MAX_LENGTH);
    }
    lengths[slot] = (byte) plate.length();
    for (int i = 0; i < plate.length(); i++) {
      text[slot * MAX_LENGTH + i] = (byte) plate.charAt(i);
    }
    int[] same = exact.get(plate);
    exact.put(plate, same == null ? new int[] {slot} : appended(same, slot));
    return slot;
  }

  private static int[] appended(int[] a, int v) {
    int[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  private int bucket(long key) {
    return (int) (key >>> (HASH_BITS - dirBits));
  }

  /**
   * The cost of the alignment a shared deletion variant implies: the plate's deletions (in the entry) and the
   * read's ({@code r1}, {@code r2}; {@link #NONE} when absent) count one each, less one per pair of a plate and a
   * read deletion in the same gap of the common string.
   */
  private static int cost(long entry, int r1, int r2) {
    int p1 = (int) (entry >>> P1_SHIFT) & NONE;
    int p2 = (int) (entry >>> P2_SHIFT) & NONE;
    int np = (p1 == NONE ? 0 : 1) + (p2 == NONE ? 0 : 1);
    int nr = (r1 == NONE ? 0 : 1) + (r2 == NONE ? 0 : 1);
    if (np == 0 || nr == 0) {
      return np + nr;
    }
    // gap of a deletion = its position less the deletions before it; the second of two is never before the first
    int gp1 = p1;
    int gp2 = p2 == NONE ? -1 : p2 - 1;
    int gr1 = r1;
    int gr2 = r2 == NONE ? -2 : r2 - 1;
    int pairs;
    if (gp1 == gr1) {
      pairs = 1 + (gp2 >= 0 && gp2 == gr2 ? 1 : 0);
    } else {
      pairs = (gp1 == gr2 || gp2 == gr1 || (gp2 >= 0 && gp2 == gr2)) ? 1 : 0;
    }
    return np + nr - pairs;
  }

  /** How many deletion sets of at most {@code k} positions a string of {@code len} characters has. */
  private static int variants(int len, int k) {
    return 1 + (k >= 1 ? len : 0) + (k >= 2 ? len * (len - 1) / 2 : 0);
  }

  /** Writes one packed entry per deletion set of at most {@code k} positions into {@code out} from {@code n}. */
  private static int entries(byte[] codes, byte[] own, int len, int k, int slot, long[] out, int n) {
    out[n++] = pack(codes, own, len, NONE, NONE, slot);
    if (k >= 1) {
      for (int i = 0; i < len; i++) {
        out[n++] = pack(codes, own, len, i, NONE, slot);
        if (k >= 2) {
          for (int j = i + 1; j < len; j++) {
            out[n++] = pack(codes, own, len, i, j, slot);
          }
        }
      }
    }
    return n;
  }

  private static long pack(byte[] codes, byte[] own, int len, int d1, int d2, int slot) {
    long h = 0xcbf29ce484222325L;
    int g = 0x811c9dc5;
    int kept = 0;
    for (int i = 0; i < len; i++) {
      if (i != d1 && i != d2) {
        h = (h ^ codes[i]) * 0x100000001b3L;
        g = (g ^ own[i]) * 0x01000193;
        kept++;
      }
    }
    h ^= kept;
    h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
    h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    long key = h >>> (64 - HASH_BITS);
    int sig = (g ^ (g >>> 16) ^ (g >>> 8)) & SIG_MASK;
    return key << LOW_BITS | (long) d1 << P1_SHIFT | (long) d2 << P2_SHIFT | (long) sig << SLOT_BITS | slot;
  }

  /** The canonical form's characters and the text's own, one byte each; returns the length. */
  private int codes(String s, byte[] canonical, byte[] own) {
    String c = weighted ? LookAlikes.canonical(s) : s;
    for (int i = 0; i < c.length(); i++) {
      canonical[i] = (byte) c.charAt(i);
      own[i] = (byte) s.charAt(i);
    }
    return c.length();
  }

  private static int lowerBound(long[] a, long key, int from, int to) {
    int lo = from;
    int hi = to;
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
