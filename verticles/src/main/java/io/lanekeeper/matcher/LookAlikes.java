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
final class LookAlikes {

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

  /** The cost of substituting {@code a} by {@code b}: 0, {@link #COST} inside a class, else 1. */
  static double substitution(char a, char b) {
    return a == b ? 0 : alike(a, b) ? COST : 1;
  }

  /**
   * The weighted edit distance (insertions and deletions 1, substitutions by {@link #substitution}), or -1 when it
   * is more than {@code max}. Bounded: the rows stop as soon as no cell is within {@code max}.
   */
  static double distance(String a, String b, double max) {
    return distance(a, b, max, true);
  }

  /** {@link #distance(String, String, double)}, or plain Levenshtein (every edit 1) when not {@code weighted}. */
  static double distance(String a, String b, double max, boolean weighted) {
    int n = a.length();
    int m = b.length();
    if (Math.abs(n - m) > max) {
      return -1;
    }
    double[] prev = new double[m + 1];
    double[] cur = new double[m + 1];
    for (int j = 0; j <= m; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= n; i++) {
      cur[0] = i;
      double rowMin = cur[0];
      char ca = a.charAt(i - 1);
      for (int j = 1; j <= m; j++) {
        char cb = b.charAt(j - 1);
        double sub = weighted ? substitution(ca, cb) : ca == cb ? 0 : 1;
        double v = Math.min(prev[j - 1] + sub, Math.min(prev[j], cur[j - 1]) + 1);
        cur[j] = v;
        rowMin = Math.min(rowMin, v);
      }
      if (rowMin > max + 1e-9) {
        return -1;
      }
      double[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[m] > max + 1e-9 ? -1 : prev[m];
  }
}
