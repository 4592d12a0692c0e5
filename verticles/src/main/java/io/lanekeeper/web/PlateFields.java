package io.lanekeeper.web;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Plate text in the fields of a request: as typed by a person, made comparable with what the engine reads
 * ({@code A-Z0-9}) by {@link io.lanekeeper.plates.PlateText}'s rules, shared with the matcher; a bad one is a 400
 * naming its field.
 */
final class PlateFields {

  private PlateFields() {
  }

  /** @throws ApiError naming {@code field} when the text is empty, too long or not letters and digits */
  static String normalise(String field, String text) {
    try {
      return io.lanekeeper.plates.PlateText.normalize(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, e.getMessage());
    }
  }

  /**
   * A search term as plate text (any length, separators ignored), or null where it is not plate-like
   * (an owner's name, say).
   */
  static String fragment(String q) {
    if (q == null || !io.lanekeeper.plates.PlateText.isPlateLike(q)) {
      return null;
    }
    return io.lanekeeper.plates.PlateText.strip(q).toUpperCase(Locale.ROOT);
  }

  /** What the plate looks like to people: the typed text in compatibility form, trimmed and upper-case. */
  static String display(String text) {
    return Normalizer.normalize(text, Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
  }
}
