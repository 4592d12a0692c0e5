package io.lanekeeper.plates;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Plate text as the controller stores and compares it: upper-case Latin letters and digits only.
 * Text from cameras and from people is untrusted; {@link #normalize} folds compatibility forms
 * (full-width {@code ＡＢＣ１２３}) with NFKC, folds what plates print to the Latin letters the OCR reads
 * ({@link #fold}: Cyrillic and Greek look-alikes, Latin letters with diacritics), and drops spaces, dashes and dots.
 */
public final class PlateText {

  public static final int MAX_LENGTH = 12;
  public static final int MIN_LENGTH = 2;

  /** Spaces, dashes of every kind, dots and middle dots: decoration on a plate, never characters. */
  public static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Pd}.\\u00B7\\u2022_]+");
  private static final Pattern ALNUM = Pattern.compile("[A-Za-z0-9]*");
  /**
   * Cyrillic (Russian, Ukrainian and Belarusian {@code І}, Serbian and Macedonian {@code Ј Ѕ}) then Greek letters,
   * upper and lower case, and the Latin capital each is drawn as.
   */
  private static final String HOMOGLYPHS_FROM = "АВЕКМНОРСТУХІЈЅаеорсухіјѕ" + "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";
  private static final String HOMOGLYPHS_TO = "ABEKMHOPCTYXIJSAEOPCYXIJS" + "ABEZHIKMNOPTYX";
  private static final Pattern COMBINING = Pattern.compile("\\p{M}+");

  private PlateText() {
  }

  /** NFKC, then separators dropped and {@link #fold folded}; what is left is compared as plate text. */
  public static String strip(String text) {
    return fold(SEPARATORS.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC)).replaceAll(""));
  }

  /**
   * Maps what plates print to the Latin letters the controller stores and the OCR reads, one character for one:
   * Cyrillic and Greek letters drawn like Latin ones ({@code А В Е І Ј К М Н О Р С Ѕ Т У Х}, {@code Α Β Ε Ζ Η Ι Κ
   * Μ Ν Ο Ρ Τ Υ Χ}) to those letters, Latin letters with diacritics to their base letter ({@code Ä Ö Ü Š Č Ć Ž},
   * by NFD with the combining marks removed), and {@code Đ đ} to {@code D}. Nothing else changes: a letter with no
   * look-alike (Cyrillic {@code Ж}, Greek {@code Ξ}, {@code ß}, a dotless {@code ı}) stays, and {@link #normalize}
   * then refuses it. Case is kept for Latin letters ({@code ä} is {@code a}); the look-alikes give capitals.
   *
   * @param text any text, composed or not (it is composed with NFC first)
   * @return the folded text, as long as the NFC form of {@code text}
   */
  public static String fold(String text) {
    String s = Normalizer.normalize(text, Normalizer.Form.NFC);
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char f = foldChar(c);
      if (f != c) {
        if (out == null) {
          out = new StringBuilder(s);
        }
        out.setCharAt(i, f);
      }
    }
    return out == null ? s : out.toString();
  }

  private static char foldChar(char c) {
    if (c < 0x80) {
      return c;
    }
    int k = HOMOGLYPHS_FROM.indexOf(c);
    if (k >= 0) {
      return HOMOGLYPHS_TO.charAt(k);
    }
    if (c == '\u0110' || c == '\u0111') {
      return c == '\u0110' ? 'D' : 'd';   // Đ đ: a stroke, which NFD does not decompose
    }
    if (Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN) {
      String base = COMBINING.matcher(Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD)).replaceAll("");
      if (base.length() == 1 && base.charAt(0) < 0x80 && Character.isLetter(base.charAt(0))) {
        return base.charAt(0);
      }
    }
    return c;
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
