package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;

/**
 * How sure the engine must be of a vehicle's plate before the lane decides on it; below any of these the vehicle is
 * decided {@code unreadable}, for staff, and never matched. The defaults were set from the engine's reads of the
 * Brazilian dev set (docs/matcher.md): every correct read there was at 0.564 or above, with no character below
 * 0.564, while 56 of the 67 other reads (things that are not plates, fragments, misreads) fall below them.
 *
 * @param minConfidence the least confidence of the whole plate (the product of its characters') at
 *     {@link #REFERENCE_LENGTH} characters; a shorter read needs the same confidence per character, so more in all
 * @param minCharConfidence the least confidence of every character
 * @param minLength the fewest characters a plate may have
 */
public record ReadFloor(double minConfidence, double minCharConfidence, int minLength) {

  /** The length at which {@link #minConfidence} applies as given: a typical car plate. */
  public static final int REFERENCE_LENGTH = 7;

  public static final ReadFloor DEFAULT = new ReadFloor(0.5, 0.4, 4);

  public static ReadFloor from(JsonObject j, String path) {
    return new ReadFloor(Json.decimal(j, path, "minConfidence", DEFAULT.minConfidence, 0.05, 1),
        Json.decimal(j, path, "minCharConfidence", DEFAULT.minCharConfidence, 0, 1),
        Json.integer(j, path, "minLength", DEFAULT.minLength, 1, 12));
  }

  /**
   * The least whole-plate confidence for a read of {@code length} characters: the floor itself from
   * {@link #REFERENCE_LENGTH} characters up, and above it for shorter reads, whose product runs over fewer
   * characters: {@code floor^(length / 7)} is the confidence a read has when each of its characters is as sure
   * as those of a 7-character read at the floor. A short registered plate gets no easier match than a long one.
   */
  public double minConfidenceFor(int length) {
    return length >= REFERENCE_LENGTH ? minConfidence
        : Math.pow(minConfidence, (double) Math.max(1, length) / REFERENCE_LENGTH);
  }

  /**
   * Why a read of this text with these confidences is too doubtful to decide on, or null when it is not.
   *
   * @param charConfidences one per character; an array of another length (a read from an older version) is
   *     judged by the whole-plate confidence alone
   */
  public String doubt(String plate, double confidence, double[] charConfidences) {
    if (plate == null || plate.length() < minLength) {
      return (plate == null ? 0 : plate.length()) + " characters, fewer than " + minLength;
    }
    double least = minConfidenceFor(plate.length());
    if (!(confidence >= least)) {
      return String.format(java.util.Locale.ROOT, "confidence %.3f below %.3f", confidence, least);
    }
    if (charConfidences != null && charConfidences.length == plate.length()) {
      for (int i = 0; i < charConfidences.length; i++) {
        if (!(charConfidences[i] >= minCharConfidence)) {
          return String.format(java.util.Locale.ROOT, "character %d (%c) at %.3f, below %.3f", i + 1,
              plate.charAt(i), charConfidences[i], minCharConfidence);
        }
      }
    }
    return null;
  }

  public JsonObject toJson() {
    return new JsonObject().put("minConfidence", minConfidence).put("minCharConfidence", minCharConfidence)
        .put("minLength", minLength);
  }
}
