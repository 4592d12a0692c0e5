package io.lanekeeper.web;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Plate text as typed by a person, made comparable with what the engine reads ({@code A-Z0-9}).
 */
final class PlateText {

  static final int MAX_LENGTH = 12;
  static final int MIN_LENGTH = 2;

  /** Spaces, dashes of every kind, dots and middle dots: decoration on a plate, never characters. */
  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Pd}.\\u00B7\\u2022]+");
  private static final Pattern ALNUM = Pattern.compile("[A-Za-z0-9]*");

  private PlateText() {
  }

  /**
   * NFKC first, so full-width and other compatibility forms ({@code ＡＢＣ１２３}) become ASCII;
   * the ASCII check comes before upper-casing, because {@code ß} or a dotless {@code ı} would
   * otherwise turn into Latin letters nobody typed.
   *
   * @throws ApiError naming {@code field} when the text is empty, too long or not letters and digits
   */
  static String normalise(String field, String text) {
    if (text == null) {
      throw ApiError.invalid(field, "is required");
    }
    String s = SEPARATORS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll("");
    if (s.isEmpty()) {
      throw ApiError.invalid(field, "is empty");
    }
    if (!ALNUM.matcher(s).matches()) {
      throw ApiError.invalid(field, "may contain only letters A-Z and digits 0-9 (spaces, dashes and dots are ignored)");
    }
    if (s.length() > MAX_LENGTH) {
      throw ApiError.invalid(field, "is longer than " + MAX_LENGTH + " characters");
    }
    if (s.length() < MIN_LENGTH) {
      throw ApiError.invalid(field, "is shorter than " + MIN_LENGTH + " characters");
    }
    return s.toUpperCase(Locale.ROOT);
  }

  /**
   * A search term as plate text (any length, separators ignored), or null where it is not plate-like
   * (an owner's name, say).
   */
  static String fragment(String q) {
    if (q == null) {
      return null;
    }
    String s = SEPARATORS.matcher(Normalizer.normalize(q, Normalizer.Form.NFKC)).replaceAll("");
    return !s.isEmpty() && ALNUM.matcher(s).matches() ? s.toUpperCase(Locale.ROOT) : null;
  }

  /** What the plate looks like to people: the typed text in compatibility form, trimmed and upper-case. */
  static String display(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
  }
}
