package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CtcDecoderTest {

  private static final String A = FormatRules.ALPHABET;

  /** Columns that spell {@code path} ('-' for blank), each column's best class at {@code p}, the rest spread. */
  private static float[][] columns(String path, float p) {
    float[][] cols = new float[path.length()][A.length()];
    for (int t = 0; t < path.length(); t++) {
      int c = path.charAt(t) == '-' ? 0 : A.indexOf(path.charAt(t));
      float rest = (1 - p) / (A.length() - 1);
      for (int k = 0; k < A.length(); k++) {
        cols[t][k] = k == c ? p : rest;
      }
    }
    return cols;
  }

  private static String text(float[][] slots) {
    StringBuilder sb = new StringBuilder();
    for (float[] s : slots) {
      int best = 0;
      for (int k = 1; k < s.length; k++) {
        if (s[k] > s[best]) {
          best = k;
        }
      }
      if (best != 0) {
        sb.append(A.charAt(best));
      }
    }
    return sb.toString();
  }

  @Test
  @DisplayName("Repeats collapse, blanks separate doubled characters, and the rest of the slots are padding")
  void collapses() {
    float[][] slots = CtcDecoder.toSlots(columns("--AA-B-B--11-22223--", 0.9f));
    assertThat(text(slots)).isEqualTo("ABB123");
    assertThat(slots[6][0]).isEqualTo(1f);
    assertThat(slots[9][0]).isEqualTo(1f);
  }

  @Test
  @DisplayName("A slot keeps its column's whole distribution, so the format rules can still pick a look-alike")
  void keepsDistribution() {
    float[][] cols = columns("-0-", 0.6f);
    cols[1][A.indexOf('O')] = 0.35f;
    float[][] slots = CtcDecoder.toSlots(cols);
    assertThat(slots[0][A.indexOf('0')]).isEqualTo(0.6f);
    assertThat(slots[0][A.indexOf('O')]).isEqualTo(0.35f);
  }

  @Test
  @DisplayName("More characters than slots keep the first ten; an all-blank read is empty")
  void bounds() {
    assertThat(text(CtcDecoder.toSlots(columns("A-B-C-D-E-F-G-H-J-K-L-M", 0.9f)))).isEqualTo("ABCDEFGHJK");
    assertThat(text(CtcDecoder.toSlots(columns("--------", 0.9f)))).isEmpty();
  }
}
