package io.lanekeeper.bus;

import java.time.Instant;
import java.util.List;

/**
 * A camera frame handed to the ANPR engine. Travels only inside the process (local codec, no copy).
 *
 * @param formats plate format ids accepted on this lane; empty means any known format
 * @param area where the lane's plates may be; others are not read
 */
public record FrameRequest(String lane, String frameId, Instant capturedAt, byte[] image, List<String> formats,
                           PlateArea area) {

  public FrameRequest(String lane, String frameId, Instant capturedAt, byte[] image, List<String> formats) {
    this(lane, frameId, capturedAt, image, formats, PlateArea.ALL);
  }
}
