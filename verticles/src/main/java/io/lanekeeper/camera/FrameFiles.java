package io.lanekeeper.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Where {@link FrameArchive} keeps a decision's frame: {@code <root>/<lane>/<eventId>.jpg} or {@code .png}. */
public final class FrameFiles {

  private FrameFiles() {
  }

  /** The file of an event's frame, whichever format it was kept in, or null when it is not kept. */
  public static Path find(Path root, String lane, UUID eventId) {
    for (String ext : new String[] {".jpg", ".png"}) {
      Path p = root.resolve(lane).resolve(eventId + ext);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** The file name a frame of these bytes is kept under. */
  static String name(UUID eventId, byte[] image) {
    return eventId + (Images.isPng(image) ? ".png" : ".jpg");
  }
}
