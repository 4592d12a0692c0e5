package io.lanekeeper.camera;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last frames of a lane that went to recognition, by frame id, so the dashboard can show the frame a read came
 * from (with its boxes) without the frames travelling to every dashboard. A short ring holds every frame for a
 * moment; a frame the tracker asks to keep (the best read of a vehicle not yet decided) moves to a second, longer
 * one, so a decision taken seconds later still has its frame at 25 fps. Both are bounded by count and by bytes;
 * used on the camera verticle's event loop only.
 */
final class RecentFrames {

  static final int MAX_FRAMES = 16;
  static final long MAX_BYTES = 32L << 20;
  static final int MAX_KEPT = 48;
  static final long MAX_KEPT_BYTES = 48L << 20;

  private final Map<String, byte[]> frames = new LinkedHashMap<>();
  private final Map<String, byte[]> kept = new LinkedHashMap<>();
  private long bytes;
  private long keptBytes;

  void put(String frameId, byte[] image) {
    byte[] old = frames.put(frameId, image);
    bytes += image.length - (old == null ? 0 : old.length);
    bytes = trim(frames, bytes, MAX_FRAMES, MAX_BYTES);
  }

  /** Keeps a frame of the ring in the longer one; true when it was there to keep (or kept already). */
  boolean keep(String frameId) {
    if (kept.containsKey(frameId)) {
      return true;
    }
    byte[] image = frames.get(frameId);
    if (image == null) {
      return false;
    }
    kept.put(frameId, image);
    keptBytes = trim(kept, keptBytes + image.length, MAX_KEPT, MAX_KEPT_BYTES);
    return true;
  }

  /** The frame, or null when it is unknown or already forgotten. */
  byte[] get(String frameId) {
    byte[] f = kept.get(frameId);
    return f != null ? f : frames.get(frameId);
  }

  /** Drops the oldest entries until both bounds hold; returns the bytes left. */
  private static long trim(Map<String, byte[]> m, long bytes, int maxCount, long maxBytes) {
    Iterator<byte[]> it = m.values().iterator();
    while ((m.size() > maxCount || bytes > maxBytes) && it.hasNext()) {
      bytes -= it.next().length;
      it.remove();
    }
    return bytes;
  }
}
