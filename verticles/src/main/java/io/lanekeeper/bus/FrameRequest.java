package io.lanekeeper.bus;

import java.time.Instant;
import java.util.List;

/**
 * A camera frame handed to the ANPR engine. Travels only inside the process (local codec, no copy).
 *
 * @param formats the lane's plate formats (ids, countries, regions); empty means any known format
 * @param strictFormats only reads that fit {@code formats} are kept
 * @param area where the lane's plates may be; others are not read
 */
public record FrameRequest(String lane, String frameId, Instant capturedAt, byte[] image, List<String> formats,
                           boolean strictFormats, PlateArea area) {

  public FrameRequest(String lane, String frameId, Instant capturedAt, byte[] image, List<String> formats) {
    this(lane, frameId, capturedAt, image, formats, false, PlateArea.ALL);
  }
}
