package io.lanekeeper.camera;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last frames of a lane that went to recognition, by frame id, so the dashboard can show the frame a read came
 * from (with its boxes) without the frames travelling to every dashboard. Bounded by count and by bytes; used on
 * the camera verticle's event loop only.
 */
final class RecentFrames {

  static final int MAX_FRAMES = 16;
  static final long MAX_BYTES = 32L << 20;

  private final Map<String, byte[]> frames = new LinkedHashMap<>();
  private long bytes;

  void put(String frameId, byte[] image) {
    byte[] old = frames.put(frameId, image);
    bytes += image.length - (old == null ? 0 : old.length);
    Iterator<byte[]> it = frames.values().iterator();
    while ((frames.size() > MAX_FRAMES || bytes > MAX_BYTES) && it.hasNext()) {
      bytes -= it.next().length;
      it.remove();
    }
  }

  /** The frame, or null when it is unknown or already forgotten. */
  byte[] get(String frameId) {
    return frames.get(frameId);
  }
}
