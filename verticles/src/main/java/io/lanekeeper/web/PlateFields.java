package io.lanekeeper.web;

import io.lanekeeper.anpr.FormatRules;
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

  /**
   * Plate text a person typed, as the engine reads it.
   *
   * @param plate letters and digits, without a caption the plate prints beside the registration (Sri Lanka's
   *     province letters: {@code WP CAB-1234} is {@code CAB1234}; {@link FormatRules#captioned})
   * @param captionNote what an admin should be told when a caption was left out, or null: the plate is stored as the
   *     engine will read it, and the typed text stays its display
   */
  record Typed(String plate, String captionNote) {
  }

  /** @throws ApiError naming {@code field} when the text is empty, too long or not letters and digits */
  static Typed typed(String field, String text) {
    String plate;
    try {
      plate = io.lanekeeper.plates.PlateText.normalize(text);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(field, e.getMessage());
    }
    FormatRules.Captioned c = FormatRules.captioned(plate);
    return c == null ? new Typed(plate, null) : new Typed(c.registration(), c.caption() + " is printed beside "
        + c.format() + " plates and is not part of the registration: matched as " + c.registration());
  }

  /**
   * The registration in what a person typed, as the engine reads it ({@link Typed#plate}).
   *
   * @throws ApiError naming {@code field} when the text is empty, too long or not letters and digits
   */
  static String normalise(String field, String text) {
    return typed(field, text).plate();
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
