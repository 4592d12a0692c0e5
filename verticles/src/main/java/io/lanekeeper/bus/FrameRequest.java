package io.lanekeeper.bus;

import java.time.Instant;
import java.util.List;

/**
 * A camera frame handed to the ANPR engine. Travels only inside the process (local codec, no copy).
 *
 * @param formats the lane's plate formats (ids, countries, regions); empty means any known format
 * @param strictFormats only reads that fit {@code formats} are kept
 * @param minLength the fewest characters the engine reads: {@link #DEFAULT_MIN_LENGTH}, or the lane's {@code
 *     read.minLength} where that is lower (Jersey's {@code J 7}); a lane that wants longer plates gets the shorter
 *     reads too, and its read floor decides them unreadable
 * @param area where the lane's plates may be; others are not read
 */
public record FrameRequest(String lane, String frameId, Instant capturedAt, byte[] image, List<String> formats,
                           boolean strictFormats, int minLength, PlateArea area) {

  /** A lane's {@code read.minLength} unless it sets one. */
  public static final int DEFAULT_MIN_LENGTH = 4;

  public FrameRequest(String lane, String frameId, Instant capturedAt, byte[] image, List<String> formats) {
    this(lane, frameId, capturedAt, image, formats, false, DEFAULT_MIN_LENGTH, PlateArea.ALL);
  }
}
