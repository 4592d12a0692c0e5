package io.lanekeeper.plates;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plate format, as data: what characters go where, and how the plate looks. One JSON file per
 * format under {@code plates/} on the classpath. The same profile drives the synthetic generator
 * (rendering) and the format rules of a lane (pattern check and look-alike correction).
 *
 * <p>Row patterns use {@code L} (letter), {@code D} (digit), {@code A} (letter or digit) and
 * {@code {name}} (one of the strings listed under {@code choices.name}); any other character is
 * printed on the plate but is not part of the plate text (dashes, spaces, dots).
 *
 * <p>A profile may also print vanity plates in its design: {@code "vanity": {"min": 2, "max": 8, "weight": 0.1}}
 * draws that share of its plates as free text of {@code min} to {@code max} letters and digits on one row. The
 * format rules never fit a vanity text to the pattern: free reads cover it.
 *
 * @param render the rendering part of the profile, read by the generator only
 * @param vanity the vanity plates this design carries, or null
 */
public record PlateProfile(String id, String country, String name, double widthMm, double heightMm,
                           List<String> rowPatterns, Map<String, List<String>> choices,
                           Map<Character, String> alphabet, JsonObject render, Vanity vanity) {

  /** Free text of {@code min} to {@code max} characters printed on a {@code weight} share of the plates. */
  public record Vanity(int min, int max, double weight) {
  }

  public static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  public static final String DIGITS = "0123456789";

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
    Map<String, List<String>> choices = new LinkedHashMap<>();
    JsonObject ch = j.getJsonObject("choices", new JsonObject());
    for (String k : ch.fieldNames()) {
      List<String> vals = new ArrayList<>();
      ch.getJsonArray(k).forEach(v -> vals.add(v.toString()));
      choices.put(k, List.copyOf(vals));
    }
    Map<Character, String> alphabet = new LinkedHashMap<>();
    alphabet.put('L', LETTERS);
    alphabet.put('D', DIGITS);
    alphabet.put('A', DIGITS + LETTERS);
    JsonObject al = j.getJsonObject("alphabet", new JsonObject());
    for (String k : al.fieldNames()) {
      if (k.length() != 1) {
        throw new IllegalArgumentException("plate profile " + id + ": alphabet keys are single characters: " + k);
      }
      alphabet.put(k.charAt(0), al.getString(k));
    }
    String country = j.getString("country", "");
    if (!country.matches("[A-Z]{2}")) {
      throw new IllegalArgumentException("plate profile " + id + ": country must be an ISO 3166-1 alpha-2 code "
          + "(two capital letters), got '" + country + "'");
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
      if (min < PlateText.MIN_LENGTH || max > 10 || min > max || !(weight > 0 && weight < 1)) {
        throw new IllegalArgumentException("plate profile " + id + ": vanity needs " + PlateText.MIN_LENGTH
            + " <= min <= max <= 10 and 0 < weight < 1, got " + v.encode());
      }
      vanity = new Vanity(min, max, weight);
    }
    PlateProfile p = new PlateProfile(id, country, j.getString("name", id),
        size.getDouble(0), size.getDouble(1), List.copyOf(patterns), Collections.unmodifiableMap(choices),
        Collections.unmodifiableMap(alphabet), j.getJsonObject("render", new JsonObject()), vanity);
    p.slots();
    return p;
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
    }
    return out;
  }

  /** Number of characters in the plate text. */
  public int length() {
    return slots().size();
  }

  private static String require(JsonObject j, String key) {
    String v = j.getString(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("plate profile: " + key + " is missing");
    }
    return v;
  }
}
