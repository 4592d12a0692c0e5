package io.lanekeeper.plates;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A plate format, as data: what characters go where, and how the plate looks. One JSON file per
 * format under {@code plates/} on the classpath. The same profile drives the synthetic generator
 * (rendering) and the format rules of a lane (pattern check and look-alike correction).
 *
 * <p>Row patterns use {@code L} (letter), {@code D} (digit), {@code A} (letter or digit) and
 * {@code {name}} (one of the strings listed under {@code choices.name}); any other character is
 * printed on the plate but is not part of the plate text (dashes, spaces, dots). A {@code ?} after a position or a
 * choice makes it optional: {@code LL?L?~L?L D?D?D?D} is a German plate of a 1-3 letter district, 1-2 letters and
 * 1-4 digits. Each combination of optional positions present or left out is one {@link #variants variant}; the
 * generator draws one of them and the format rules fit each.
 *
 * <p>Letters outside A-Z that plates really carry (German {@code Ä Ö Ü}, Cyrillic, Greek, Serbian {@code Š Đ Č Ć
 * Ž}) are written in {@code alphabet} and {@code choices} as printed. The generator draws them as printed
 * ({@link #printedAlphabet}, {@link #printedChoices}); everything that reads plate text sees them
 * {@link PlateText#fold folded} to Latin ({@link #alphabet}, {@link #choices}, {@link #slots}). A printed letter
 * that folds to no letter A-Z or digit is refused at load.
 *
 * <p>A choice list may be another profile's: {@code "choices": {"district": "@pl-3"}} is {@code pl-3}'s list
 * {@code district}, for the designs of one country that share a list (one row and two, front and rear). The
 * loader ({@link PlateProfiles}) puts the list in place ({@link #withSharedChoices}) before {@link #fromJson}.
 *
 * <p>A profile may also print vanity plates in its design: {@code "vanity": {"min": 2, "max": 8, "weight": 0.1}}
 * draws that share of its plates as free text of {@code min} to {@code max} letters and digits on one row. The
 * format rules never fit a vanity text to the pattern: free reads cover it.
 *
 * <p>{@code "maxLength": 8} drops the variants longer than that: a German district of three letters leaves room for
 * at most five characters after it ({@code MYK AB 123}, never {@code MYK AB 1234}), and the {@code E} of an electric
 * car's plate counts. {@code "minLength"} drops the shorter ones: an Austrian personalised plate has at least three
 * characters after its district, letters and digits both ({@code BL AB 1}, never {@code BL A 1}).
 *
 * @param choices each choice list folded to Latin letters and digits, duplicates dropped (separators as they are)
 * @param alphabet each character class folded to Latin letters and digits, duplicates dropped
 * @param render the rendering part of the profile, read by the generator only
 * @param vanity the vanity plates this design carries, or null
 * @param printedChoices the choice lists as printed on the plate (NFC), for the generator
 * @param printedAlphabet the character classes as printed on the plate (NFC), for the generator
 * @param maxLength the most characters a plate of the profile has ({@code maxLength}, 10 unless the profile says):
 *     a country's limit on the whole text that its optional positions alone would exceed (Germany: 8)
 * @param minLength the fewest characters a plate of the profile has ({@code minLength}, 1 unless the profile says)
 * @param check the check character rule its plates' last character follows ({@code "check": "sg"}), or null
 */
public record PlateProfile(String id, String country, String name, double widthMm, double heightMm,
                           List<String> rowPatterns, Map<String, List<String>> choices,
                           Map<Character, String> alphabet, JsonObject render, Vanity vanity,
                           Map<String, List<String>> printedChoices, Map<Character, String> printedAlphabet,
                           int maxLength, int minLength, PlateCheck check) {

  /** Free text of {@code min} to {@code max} characters printed on a {@code weight} share of the plates. */
  public record Vanity(int min, int max, double weight) {
  }

  public static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  public static final String DIGITS = "0123456789";
  private static final Pattern READ = Pattern.compile("[A-Z0-9]+");

  public static PlateProfile fromJson(JsonObject j) {
    String id = require(j, "id");
    JsonArray size = j.getJsonArray("sizeMm");
    if (size == null || size.size() != 2) {
      throw new IllegalArgumentException("plate profile " + id + ": sizeMm must be [width, height]");
    }
    JsonArray rows = j.getJsonArray("rows");
    if (rows == null || rows.isEmpty()) {
      throw new IllegalArgumentException("plate profile " + id + ": rows must list at least one row");
    }
    List<String> patterns = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      String p = rows.getJsonObject(i).getString("pattern");
      if (p == null || p.isBlank()) {
        throw new IllegalArgumentException("plate profile " + id + ": rows[" + i + "].pattern is missing");
      }
      patterns.add(p);
    }
    Map<String, List<String>> printedChoices = new LinkedHashMap<>();
    Map<String, List<String>> choices = new LinkedHashMap<>();
    JsonObject ch = j.getJsonObject("choices", new JsonObject());
    for (String k : ch.fieldNames()) {
      if (ch.getValue(k) instanceof String ref) {
        throw new IllegalArgumentException("plate profile " + id + ": choices." + k + " is \"" + ref
            + "\", not a list: another profile's list is put in place by withSharedChoices (PlateProfiles does)");
      }
      JsonArray list = ch.getJsonArray(k);
      if (list == null || list.isEmpty()) {
        throw new IllegalArgumentException("plate profile " + id + ": choices." + k + " must list at least one string");
      }
      List<String> printed = new ArrayList<>();
      List<String> folded = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        String v = Normalizer.normalize(String.valueOf(list.getValue(i)), Normalizer.Form.NFC);
        printed.add(v);
        String f = isSeparator(v) ? v : folded(id, "choices." + k + "[" + i + "]", v);
        if (!folded.contains(f)) {
          folded.add(f);
        }
      }
      printedChoices.put(k, List.copyOf(printed));
      choices.put(k, List.copyOf(folded));
    }
    Map<Character, String> printedAlphabet = new LinkedHashMap<>();
    printedAlphabet.put('L', LETTERS);
    printedAlphabet.put('D', DIGITS);
    printedAlphabet.put('A', DIGITS + LETTERS);
    JsonObject al = j.getJsonObject("alphabet", new JsonObject());
    for (String k : al.fieldNames()) {
      if (k.length() != 1) {
        throw new IllegalArgumentException("plate profile " + id + ": alphabet keys are single characters: " + k);
      }
      String v = Normalizer.normalize(String.valueOf(al.getValue(k)), Normalizer.Form.NFC);
      if (v.isEmpty()) {
        throw new IllegalArgumentException("plate profile " + id + ": alphabet." + k + " is empty");
      }
      printedAlphabet.put(k.charAt(0), v);
    }
    Map<Character, String> alphabet = new LinkedHashMap<>();
    printedAlphabet.forEach((k, v) -> {
      StringBuilder distinct = new StringBuilder();
      folded(id, "alphabet." + k, v).chars().distinct().forEach(c -> distinct.append((char) c));
      alphabet.put(k, distinct.toString());
    });
    String country = j.getString("country", "");
    if (!country.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("plate profile " + id + ": country must be an ISO 3166-1 alpha-2 code "
          + "(two capital letters), got '" + country + "'");
    }
    int maxLength = lengthLimit(j, id, "maxLength", PlateText.MIN_LENGTH, MAX_LENGTH);
    int minLength = lengthLimit(j, id, "minLength", 1, 1);
    if (minLength > maxLength) {
      throw new IllegalArgumentException("plate profile " + id + ": minLength " + minLength + " is over maxLength "
          + maxLength);
    }
    Vanity vanity = null;
    JsonObject v = j.getJsonObject("vanity");
    if (v != null) {
      int min = v.getInteger("min", 2);
      int max = v.getInteger("max", 8);
      double weight = v.getDouble("weight", 0.1);
      if (patterns.size() != 1) {
        throw new IllegalArgumentException("plate profile " + id + ": vanity plates need a one-row design");
      }
      int fewest = Math.max(PlateText.MIN_LENGTH, minLength);
      if (min < fewest || max > maxLength || min > max || !(weight > 0 && weight < 1)) {
        throw new IllegalArgumentException("plate profile " + id + ": vanity needs " + fewest
            + " <= min <= max <= " + maxLength + " (minLength, maxLength) and 0 < weight < 1, got " + v.encode());
      }
      vanity = new Vanity(min, max, weight);
    }
    PlateProfile p = new PlateProfile(id, country, j.getString("name", id),
        size.getDouble(0), size.getDouble(1), List.copyOf(patterns), Collections.unmodifiableMap(choices),
        Collections.unmodifiableMap(alphabet), j.getJsonObject("render", new JsonObject()), vanity,
        Collections.unmodifiableMap(printedChoices), Collections.unmodifiableMap(printedAlphabet), maxLength,
        minLength, check(j, id, patterns, printedAlphabet));
    int longest = p.slots().size();
    if (!j.containsKey("maxLength") && longest > MAX_LENGTH) {
      throw new IllegalArgumentException("plate profile " + id + ": its rows make plates of up to " + longest
          + " characters, over the " + MAX_LENGTH + " the OCR reads: shorten them, or set maxLength");
    }
    if (longest > 0 && p.variants().isEmpty()) {
      throw new IllegalArgumentException("plate profile " + id + ": no variant of its rows has from minLength "
          + minLength + " to maxLength " + maxLength + " characters");
    }
    return p;
  }

  /**
   * The profile's check rule ({@code "check"}), or null: the last position of its last row must be a character of a
   * class, always printed, as a check character is.
   */
  private static PlateCheck check(JsonObject j, String id, List<String> patterns, Map<Character, String> alphabet) {
    if (!j.containsKey("check")) {
      return null;
    }
    PlateCheck check;
    try {
      check = PlateCheck.named(String.valueOf(j.getValue("check")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("plate profile " + id + ": check: " + e.getMessage(), e);
    }
    String last = patterns.getLast().stripTrailing();
    if (last.isEmpty() || !alphabet.containsKey(last.charAt(last.length() - 1))) {
      throw new IllegalArgumentException("plate profile " + id + ": check \"" + check.id() + "\" needs its last row to "
          + "end in a character of a class (the check character, never optional), got \"" + patterns.getLast() + "\"");
    }
    return check;
  }

  /**
   * A profile's {@code minLength} or {@code maxLength}: a whole number of characters from {@code lowest} to
   * {@link #MAX_LENGTH}, {@code absent} when the profile does not say.
   */
  private static int lengthLimit(JsonObject j, String id, String key, int lowest, int absent) {
    Object value = j.getValue(key, absent);
    long n = value instanceof Integer || value instanceof Long ? ((Number) value).longValue() : -1;
    if (n < lowest || n > MAX_LENGTH) {
      throw new IllegalArgumentException("plate profile " + id + ": " + key + " must be a whole number from "
          + lowest + " to " + MAX_LENGTH + ", got " + value);
    }
    return (int) n;
  }

  /**
   * The profile's JSON with each choice list that names another profile ({@code "@pl-3"}) replaced by a copy of that
   * profile's list of the same name; the JSON itself when it names none. A reference to a profile that {@code
   * profiles} does not know, to one without that list, or to one whose list is itself a reference is refused: one
   * level, so a list has one place where it is written.
   *
   * @param profiles profile JSON by id (null when unknown)
   */
  public static JsonObject withSharedChoices(JsonObject j, Function<String, JsonObject> profiles) {
    JsonObject ch = j.getJsonObject("choices");
    if (ch == null) {
      return j;
    }
    String id = j.getString("id", "?");
    JsonObject out = null;
    for (String k : ch.fieldNames()) {
      if (!(ch.getValue(k) instanceof String ref)) {
        continue;
      }
      if (!ref.startsWith("@") || ref.length() == 1) {
        throw new IllegalArgumentException("plate profile " + id + ": choices." + k
            + " must be a list of strings or \"@profile\" (that profile's list " + k + "), got \"" + ref + "\"");
      }
      JsonObject other = profiles.apply(ref.substring(1));
      if (other == null) {
        throw new IllegalArgumentException("plate profile " + id + ": choices." + k + " names " + ref
            + ", which is no profile");
      }
      Object list = other.getJsonObject("choices", new JsonObject()).getValue(k);
      if (!(list instanceof JsonArray a)) {
        throw new IllegalArgumentException("plate profile " + id + ": choices." + k + " names " + ref
            + ", which has no list " + k + " of its own" + (list instanceof String ? " (it names " + list + ")" : ""));
      }
      if (out == null) {
        out = j.copy();
      }
      out.getJsonObject("choices").put(k, a.copy());
    }
    return out == null ? j : out;
  }

  /** The most characters the OCR reads (its slots): a profile's {@code maxLength} unless it says less. */
  public static final int MAX_LENGTH = 10;

  /** The most variants a profile's optional positions may make. */
  public static final int MAX_VARIANTS = 64;

  /**
   * The row patterns of every combination of the optional ({@code ?}) positions present or left out, without the
   * {@code ?}, distinct, the longest first, none longer than {@link #maxLength} nor shorter than {@link #minLength}. A
   * profile without optional positions has one variant: its rows.
   */
  public List<List<String>> variants() {
    List<List<String>> out = new ArrayList<>();
    out.add(List.of());
    for (String row : rowPatterns) {
      List<String> rowVariants = rowVariants(row);
      List<List<String>> next = new ArrayList<>();
      for (List<String> head : out) {
        for (String r : rowVariants) {
          List<String> v = new ArrayList<>(head);
          v.add(r);
          next.add(List.copyOf(v));
        }
      }
      out = next;
      if (out.size() > MAX_VARIANTS) {
        throw new IllegalArgumentException("plate profile " + id + ": more than " + MAX_VARIANTS
            + " variants of optional (?) positions in rows");
      }
    }
    // minLength is at least 1, so a variant whose rows all left out every position is dropped too
    return out.stream().distinct().filter(v -> {
      int n = textLength(v);
      return n >= minLength && n <= maxLength;
    }).toList();
  }

  /** The characters a variant's rows read. */
  private int textLength(List<String> rows) {
    return rows.stream().mapToInt(r -> rowSlots(r).size()).sum();
  }

  /** One row's patterns with its optional positions each present or left out, all present first. */
  private List<String> rowVariants(String row) {
    List<String> tokens = new ArrayList<>();
    List<Boolean> optional = new ArrayList<>();
    for (int i = 0; i < row.length(); i++) {
      char c = row.charAt(i);
      int end = c == '{' ? row.indexOf('}', i) : i;
      if (end < 0) {
        throw new IllegalArgumentException("plate profile " + id + ": unclosed { in " + row);
      }
      if (c == '?') {
        throw new IllegalArgumentException("plate profile " + id + ": a ? follows no position in " + row);
      }
      tokens.add(row.substring(i, end + 1));
      boolean opt = end + 1 < row.length() && row.charAt(end + 1) == '?';
      optional.add(opt);
      i = opt ? end + 1 : end;
    }
    List<String> out = new ArrayList<>();
    out.add("");
    for (int t = 0; t < tokens.size(); t++) {
      List<String> next = new ArrayList<>();
      for (String head : out) {
        next.add(head + tokens.get(t));
        if (optional.get(t)) {
          next.add(head);
        }
      }
      out = next.stream().distinct().toList();
      if (out.size() > MAX_VARIANTS) {
        throw new IllegalArgumentException("plate profile " + id + ": more than " + MAX_VARIANTS
            + " variants of optional (?) positions in " + row);
      }
    }
    return out;
  }

  /** {@code printed} folded to Latin; a character that folds to no letter A-Z or digit is an error naming it. */
  private static String folded(String id, String field, String printed) {
    String f = PlateText.fold(printed);
    if (!READ.matcher(f).matches()) {
      for (int i = 0; i < f.length(); i++) {
        char c = f.charAt(i);
        if (!READ.matcher(String.valueOf(c)).matches()) {
          throw new IllegalArgumentException(String.format("plate profile %s: %s: '%c' (U+%04X) in \"%s\" folds to "
              + "no letter A-Z or digit 0-9 (see PlateText.fold: only look-alikes of Latin letters are read)",
              id, field, printed.charAt(i), (int) printed.charAt(i), printed));
        }
      }
      throw new IllegalArgumentException("plate profile " + id + ": " + field + " is empty");
    }
    return f;
  }

  /** A choice value with no letter or digit: a separator printed on the plate (a dot or a dash), never read. */
  public static boolean isSeparator(String choiceValue) {
    return choiceValue.chars().noneMatch(Character::isLetterOrDigit);
  }

  /** The allowed characters of each position of the plate text, rows in reading order. */
  public List<String> slots() {
    List<String> out = new ArrayList<>();
    for (String row : rowPatterns) {
      out.addAll(rowSlots(row));
    }
    return out;
  }

  /** The allowed characters of each text position of one row pattern. */
  public List<String> rowSlots(String pattern) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '{') {
        int end = pattern.indexOf('}', i);
        if (end < 0) {
          throw new IllegalArgumentException("plate profile " + id + ": unclosed { in " + pattern);
        }
        String key = pattern.substring(i + 1, end);
        List<String> vals = choices.get(key);
        if (vals == null || vals.isEmpty()) {
          throw new IllegalArgumentException("plate profile " + id + ": no choices." + key);
        }
        long separators = vals.stream().filter(PlateProfile::isSeparator).count();
        if (separators == vals.size()) {
          i = end;
          continue;   // a separator drawn between characters (a dot or a dash), not part of the text
        }
        if (separators > 0) {
          throw new IllegalArgumentException("plate profile " + id + ": choices." + key
              + " mix separators with letters or digits");
        }
        int len = vals.get(0).length();
        for (int k = 0; k < len; k++) {
          StringBuilder allowed = new StringBuilder();
          for (String v : vals) {
            if (v.length() != len) {
              throw new IllegalArgumentException("plate profile " + id + ": choices." + key + " differ in length");
            }
            if (allowed.indexOf(String.valueOf(v.charAt(k))) < 0) {
              allowed.append(v.charAt(k));
            }
          }
          out.add(allowed.toString());
        }
        i = end;
      } else if (alphabet.containsKey(c)) {
        out.add(alphabet.get(c));
      }
      // '?' marks the position before it optional (variants()): here every position counts
    }
    return out;
  }

  /**
   * The plate text as this profile prints it: each character or choice of {@code text} (folded Latin, as the OCR
   * reads and the controller stores it) given back in the profile's own letters where exactly one of them folds to
   * it ({@code AA1234BC} of a Ukrainian profile is {@code АА1234ВС}; a German district {@code MU} is {@code MÜ}
   * when the profile lists {@code MÜ} and not {@code MU}); the Latin character where it is ambiguous.
   *
   * @return the printed text, letters and digits only, or null when {@code text} does not fit this profile
   */
  public String printed(String text) {
    for (List<String> rows : variants()) {
      String p = printed(text, rows);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private String printed(String text, List<String> rows) {
    StringBuilder out = new StringBuilder();
    int pos = 0;
    for (String row : rows) {
      for (int i = 0; i < row.length(); i++) {
        char c = row.charAt(i);
        if (c == '{') {
          int end = row.indexOf('}', i);
          String key = row.substring(i + 1, end);
          i = end;
          List<String> printedValues = printedChoices.get(key);
          if (printedValues.stream().allMatch(PlateProfile::isSeparator)) {
            continue;
          }
          int len = choices.get(key).getFirst().length();
          if (pos + len > text.length()) {
            return null;
          }
          String piece = text.substring(pos, pos + len);
          List<String> match = printedValues.stream().filter(v -> PlateText.fold(v).equals(piece)).distinct().toList();
          if (match.isEmpty()) {
            return null;
          }
          out.append(match.size() == 1 ? match.getFirst() : piece);
          pos += len;
        } else if (printedAlphabet.containsKey(c)) {
          if (pos >= text.length()) {
            return null;
          }
          String t = String.valueOf(text.charAt(pos));
          List<String> match = printedAlphabet.get(c).codePoints().mapToObj(Character::toString)
              .filter(v -> PlateText.fold(v).equals(t)).distinct().toList();
          if (match.isEmpty()) {
            return null;
          }
          out.append(match.size() == 1 ? match.getFirst() : t);
          pos++;
        }
      }
    }
    return pos == text.length() ? out.toString() : null;
  }

  /** Number of characters in the plate text: its longest variant's. */
  public int length() {
    return variants().stream().mapToInt(this::textLength).max().orElse(0);
  }

  private static String require(JsonObject j, String key) {
    String v = j.getString(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("plate profile: " + key + " is missing");
    }
    return v;
  }
}
