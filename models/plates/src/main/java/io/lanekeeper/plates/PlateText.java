package io.lanekeeper.plates;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Plate text as the controller stores and compares it: upper-case Latin letters and digits only.
 * Text from cameras and from people is untrusted; {@link #normalize} folds compatibility forms
 * (full-width {@code ＡＢＣ１２３}) with NFKC, Cyrillic and Greek capitals that are drawn like Latin ones
 * ({@code А В Е К М Н О Р С Т У Х}, as on Russian or Ukrainian plates, and typed by a keyboard in that layout) to
 * those Latin letters, and drops spaces, dashes and dots.
 */
public final class PlateText {

  public static final int MAX_LENGTH = 12;
  public static final int MIN_LENGTH = 2;

  /** Spaces, dashes of every kind, dots and middle dots: decoration on a plate, never characters. */
  public static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Pd}.\\u00B7\\u2022_]+");
  private static final Pattern ALNUM = Pattern.compile("[A-Za-z0-9]*");
  /** Cyrillic then Greek letters, upper and lower case, and the Latin capital each is drawn as. */
  private static final String HOMOGLYPHS_FROM = "АВЕКМНОРСТУХаеорсух" + "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";
  private static final String HOMOGLYPHS_TO = "ABEKMHOPCTYXAEOPCYX" + "ABEZHIKMNOPTYX";

  private PlateText() {
  }

  /** NFKC, then separators dropped; what is left is compared as plate text. */
  public static String strip(String text) {
    String s = SEPARATORS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll("");
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      int k = HOMOGLYPHS_FROM.indexOf(s.charAt(i));
      if (k >= 0) {
        if (out == null) {
          out = new StringBuilder(s);
        }
        out.setCharAt(i, HOMOGLYPHS_TO.charAt(k));
      }
    }
    return out == null ? s : out.toString();
  }

  /**
   * The ASCII check comes before upper-casing, because {@code ß} or a dotless {@code ı} would
   * otherwise turn into Latin letters nobody typed.
   *
   * @return the normalised plate
   * @throws IllegalArgumentException saying what is wrong: missing, empty, too long, too short, or
   *     a character that is neither a letter A-Z nor a digit
   */
  public static String normalize(String text) {
    if (text == null) {
      throw new IllegalArgumentException("is required");
    }
    String s = strip(text);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    if (!ALNUM.matcher(s).matches()) {
      throw new IllegalArgumentException(
          "may contain only letters A-Z and digits 0-9 (spaces, dashes and dots are ignored)");
    }
    if (s.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
    }
    if (s.length() < MIN_LENGTH) {
      throw new IllegalArgumentException("is shorter than " + MIN_LENGTH + " characters");
    }
    return s.toUpperCase(Locale.ROOT);
  }

  /** Whether the text is plate-like (letters and digits once separators are dropped). */
  public static boolean isPlateLike(String text) {
    String s = strip(text);
    return !s.isEmpty() && ALNUM.matcher(s).matches();
  }
}
