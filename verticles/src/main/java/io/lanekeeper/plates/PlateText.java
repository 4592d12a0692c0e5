package io.lanekeeper.plates;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Plate text as the controller stores and compares it: upper-case Latin letters and digits only.
 * Text from cameras and from people is untrusted; {@link #normalize} folds look-alike Unicode
 * (full-width forms, ligatures) with NFKC and drops spaces, dashes and dots.
 */
public final class PlateText {

  public static final int MAX_LENGTH = 12;
  public static final int MIN_LENGTH = 2;

  private PlateText() {
  }

  /**
   * @return the normalised plate
   * @throws IllegalArgumentException saying what is wrong: empty, too long, or a character that is
   *     neither a letter nor a digit
   */
  public static String normalize(String raw) {
    if (raw == null) {
      throw new IllegalArgumentException("plate is missing");
    }
    String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).toUpperCase(Locale.ROOT);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else if (c == ' ' || c == '-' || c == '.' || c == '\u00B7' || c == '_') {
        continue;
      } else {
        throw new IllegalArgumentException("plate may hold only letters A-Z and digits 0-9, found '"
            + (Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c)) + "'");
      }
      if (out.length() > MAX_LENGTH) {
        throw new IllegalArgumentException("plate is longer than " + MAX_LENGTH + " characters");
      }
    }
    if (out.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(out.isEmpty() ? "plate is empty" : "plate is shorter than " + MIN_LENGTH + " characters");
    }
    return out.toString();
  }
}
