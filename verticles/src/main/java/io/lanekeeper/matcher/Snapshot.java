package io.lanekeeper.matcher;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What the matcher decides with, on local disk, so that a gate whose database is away at start still decides:
 * gzipped JSON lines, one per registration ({@code "t":"plate"} or {@code "pass"} with the database's row shape),
 * lot ({@code "lot"}), plate inside a lot ({@code "inside"}) and lot movement not yet written to the database
 * ({@code "pending"}). Written to a temporary file and moved over the old one, so a crash mid-write leaves the
 * previous snapshot whole.
 */
final class Snapshot {

  static final int VERSION = 1;

  private Snapshot() {
  }

  /** Writes the lines (each a JSON object with its {@code t}) and returns how many bytes the file has. */
  static long write(Path file, List<JsonObject> lines) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
          new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
        w.write(new JsonObject().put("t", "header").put("version", VERSION).put("lines", lines.size()).encode());
        w.newLine();
        for (JsonObject l : lines) {
          w.write(l.encode());
          w.newLine();
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return Files.size(file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a snapshot.
   *
   * @throws IOException when it is missing, unreadable, of another version or cut short
   */
  static List<JsonObject> read(Path file) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
      String first = r.readLine();
      JsonObject header = first == null ? null : new JsonObject(first);
      if (header == null || !"header".equals(header.getString("t")) || header.getInteger("version", -1) != VERSION) {
        throw new IOException("not a version-" + VERSION + " matcher snapshot");
      }
      int n = header.getInteger("lines");
      List<JsonObject> lines = new ArrayList<>(n);
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        lines.add(new JsonObject(l));
      }
      if (lines.size() != n) {
        throw new IOException("snapshot cut short: " + lines.size() + " of " + n + " lines");
      }
      return lines;
    } catch (RuntimeException e) {
      throw new IOException("snapshot unreadable: " + e.getMessage(), e);
    }
  }
}
