package io.lanekeeper.matcher;

/**
 * Characters the OCR confuses because their glyphs look alike, in equivalence classes: {@code 0 O D Q},
 * {@code 1 I L 7 T}, {@code 8 B}, {@code 5 S}, {@code 2 Z}, {@code 6 G}, {@code M W N H} (issue #4's list and the
 * confusions of the engine's dev-set evaluation: O read as D or Q, 1 as T, M as W, N as M or H). A substitution
 * inside a class costs {@link #COST}; every other edit costs 1.
 *
 * <p>Because the classes are equivalence classes, a plate's {@linkplain #canonical canonical form} (each character
 * replaced by its class's first member) turns every cheap substitution into no edit at all. So a registered plate
 * within weighted distance {@code d} of a read is within plain edit distance {@code d} of it in canonical form:
 * the index searches canonical forms, and the weighted distance is computed on the plates it finds.
 */
public final class LookAlikes {

  /** The cost of substituting a character by another of its class. */
  static final double COST = 0.5;

  private static final String[] CLASSES = {"0ODQ", "1IL7T", "8B", "5S", "2Z", "6G", "MWNH"};
  private static final char[] CANON = new char[128];

  static {
    for (char c = 0; c < 128; c++) {
      CANON[c] = c;
    }
    for (String cls : CLASSES) {
      for (int i = 0; i < cls.length(); i++) {
        CANON[cls.charAt(i)] = cls.charAt(0);
      }
    }
  }

  private LookAlikes() {
  }

  /** Whether two characters are the same or of one look-alike class. */
  static boolean alike(char a, char b) {
    return a == b || (a < 128 && b < 128 && CANON[a] == CANON[b]);
  }

  /** Each character replaced by the first member of its class: {@code OBD1234} becomes {@code 0801234}. */
  static String canonical(String plate) {
    char[] out = new char[plate.length()];
    for (int i = 0; i < out.length; i++) {
      char c = plate.charAt(i);
      out[i] = c < 128 ? CANON[c] : c;
    }
    return new String(out);
  }

  /**
   * The weighted edit distance (insertions, deletions and substitutions 1, a substitution inside a class
   * {@link #COST}) between two plate texts (letters and digits), or -1 when it is more than {@code max}: how far
   * the matcher holds a read from a registered plate.
   */
  public static double distance(String a, String b, double max) {
    return distance(a, b, max, true);
  }

  /** {@link #distance(String, String, double)}, or plain Levenshtein (every edit 1) when not {@code weighted}. */
  static double distance(String a, String b, double max, boolean weighted) {
    int m = b.length();
    int half = halfDistance(bytes(a), 0, a.length(), bytes(b), m, (int) Math.floor(max * 2 + 1e-9), weighted,
        new int[m + 1], new int[m + 1]);
    return half < 0 ? -1 : half / 2.0;
  }

  /**
   * The distance in half edits (a substitution inside a class 1, every other edit 2; plain Levenshtein doubled when
   * not {@code weighted}) between {@code a[aOff..aOff+n)} and {@code b[0..m)}, or -1 when more than {@code maxHalf}.
   * Bounded: the rows stop as soon as no cell is within reach. {@code prev} and {@code cur} hold {@code m + 1} ints
   * each, so that a caller checking many plates allocates nothing.
   */
  static int halfDistance(byte[] a, int aOff, int n, byte[] b, int m, int maxHalf, boolean weighted, int[] prev,
                          int[] cur) {
    if (Math.abs(n - m) * 2 > maxHalf) {
      return -1;
    }
    for (int j = 0; j <= m; j++) {
      prev[j] = 2 * j;
    }
    for (int i = 1; i <= n; i++) {
      cur[0] = 2 * i;
      int rowMin = cur[0];
      char ca = (char) a[aOff + i - 1];
      for (int j = 1; j <= m; j++) {
        char cb = (char) b[j - 1];
        int sub = ca == cb ? 0 : weighted && alike(ca, cb) ? 1 : 2;
        int v = Math.min(prev[j - 1] + sub, Math.min(prev[j], cur[j - 1]) + 2);
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > maxHalf) {
        return -1;
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m] > maxHalf ? -1 : prev[m];
  }

  private static byte[] bytes(String s) {
    byte[] out = new byte[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) s.charAt(i);
    }
    return out;
  }
}
