package io.lanekeeper.plates;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A check character that a country computes from the rest of the plate and prints as its last character. A
 * profile names its rule ({@code "check": "sg"}); the generator prints the character the rule computes, and the
 * format rules take a text as the profile's plate only where its last character is the one computed from the rest,
 * which lets them correct a misread character that the check tells (a misread check letter, or a digit read as
 * another where only one of the two makes the check hold).
 */
public enum PlateCheck {

  /**
   * Singapore's checksum letter ({@code SBA 1234 G}): the prefix's last two letters as numbers (A = 1 ... Z = 26; a
   * two-letter prefix gives both), the number padded to four digits with leading zeros, weighted 9, 4, 5, 4, 3, 2,
   * summed, modulo 19, and the remainder's letter of {@code AZYXUTSRPMLKJHGEDCB} (F, I, N, O, Q, V and W are never
   * check letters). Sources: en.wikipedia.org/wiki/Vehicle_registration_plates_of_Singapore, "Checksum"; checked on
   * SBA 1234 G.
   */
  SG("sg") {
    private static final String LETTERS = "AZYXUTSRPMLKJHGEDCB";
    private static final int[] WEIGHTS = {9, 4, 5, 4, 3, 2};

    @Override
    public char expected(String body) {
      int letters = 0;
      while (letters < body.length() && body.charAt(letters) >= 'A' && body.charAt(letters) <= 'Z') {
        letters++;
      }
      int digits = body.length() - letters;
      if (letters < 2 || letters > 3 || digits < 1 || digits > 4) {
        return NONE;
      }
      int[] values = new int[6];
      values[0] = body.charAt(letters - 2) - 'A' + 1;
      values[1] = body.charAt(letters - 1) - 'A' + 1;
      for (int i = 0; i < digits; i++) {
        char c = body.charAt(letters + i);
        if (c < '0' || c > '9') {
          return NONE;
        }
        values[2 + 4 - digits + i] = c - '0';
      }
      int sum = 0;
      for (int i = 0; i < values.length; i++) {
        sum += values[i] * WEIGHTS[i];
      }
      return LETTERS.charAt(sum % 19);
    }
  };

  /** What {@link #expected} gives for a body the rule does not compute on. */
  public static final char NONE = 0;

  private final String id;

  PlateCheck(String id) {
    this.id = id;
  }

  /** The name a profile gives the rule ({@code "check": "sg"}). */
  public String id() {
    return id;
  }

  /** The rule a profile names, or an error listing the rules there are. */
  public static PlateCheck named(String name) {
    for (PlateCheck c : values()) {
      if (c.id.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no check rule \"" + name + "\"; the rules: "
        + Arrays.stream(values()).map(PlateCheck::id).collect(Collectors.joining(", ")));
  }

  /**
   * The check character of a plate whose text without its last character is {@code body} (letters A-Z and digits),
   * or {@link #NONE} where the body is not of a form the rule computes on.
   */
  public abstract char expected(String body);

  /** Whether {@code text}'s last character is the one computed from the rest. */
  public boolean valid(String text) {
    if (text.length() < 2) {
      return false;
    }
    char want = expected(text.substring(0, text.length() - 1));
    return want != NONE && want == text.charAt(text.length() - 1);
  }
}
