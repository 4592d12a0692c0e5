package io.lanekeeper.bus;

import java.time.Instant;
import java.util.List;

/**
 * A camera frame handed to the ANPR engine. Travels only inside the process (local codec, no copy).
 *
 * @param formats plate format ids accepted on this lane; empty means any known format
 */
public record FrameRequest(String lane, String frameId, Instant capturedAt, byte[] image, List<String> formats) {
}
