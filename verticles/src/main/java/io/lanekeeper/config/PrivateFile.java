package io.lanekeeper.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** A file only the controller's user may read or write: secrets and tokens kept beside the data. */
public final class PrivateFile {

  private PrivateFile() {
  }

  /**
   * Writes {@code text} (UTF-8) to {@code file}, replacing any older one whole: written to a sibling created with mode
   * 0600, so the text is never readable by others, not even for a moment, then renamed into place.
   */
  public static void write(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
