package io.lanekeeper.anpr;

/**
 * Turns a CTC head's per-column probabilities {@code [T][37]} (index 0 the blank) into the per-slot
 * distributions {@code [10][37]} that {@link FormatRules} reads, so both OCR heads meet the same rules.
 *
 * <p>Greedy path: a character starts where a column's best class is not blank and differs from the
 * previous column's. Its slot takes the probabilities of the column where that character peaks, the
 * blank's probability standing in for "no character here"; the slots after the last character are
 * padding. Keeping the whole column, not only its best class, is what lets the format rules swap a
 * look-alike for the best character a slot allows.
 */
public final class CtcDecoder {

  /** The blank's index in the alphabet; the model file says the same ({@link ModelContract#OCR_BLANK}). */
  public static final int BLANK = 0;

  private CtcDecoder() {
  }

  public static float[][] toSlots(float[][] columns) {
    int classes = FormatRules.ALPHABET.length();
    float[][] slots = new float[FormatRules.SLOTS][classes];
    for (float[] s : slots) {
      s[BLANK] = 1f;
    }
    int slot = 0;
    int prev = BLANK;
    int peakCol = -1;
    for (int t = 0; t <= columns.length; t++) {
      int best = t < columns.length ? argmax(columns[t]) : BLANK;
      boolean continues = best != BLANK && best == prev;
      if (!continues && peakCol >= 0) {
        if (slot < FormatRules.SLOTS) {
          System.arraycopy(columns[peakCol], 0, slots[slot], 0, classes);
        }
        slot++;
        peakCol = -1;
      }
      if (best != BLANK && (peakCol < 0 || columns[t][best] > columns[peakCol][best])) {
        peakCol = t;
      }
      prev = best;
    }
    return slots;
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
