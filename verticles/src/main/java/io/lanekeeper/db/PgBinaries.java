package io.lanekeeper.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries inside the jar (one archive per architecture), unpacked once per version into a directory
 * of the device's own. Not {@code /tmp}: under systemd's {@code PrivateTmp} it is emptied at every start (14 MB to
 * decompress again on a Raspberry Pi), may be mounted {@code noexec}, and is writable by every local user.
 */
final class PgBinaries {

  /** Where to unpack instead of {@code <dataDir>/postgres-bin}: the build points all tests at one copy. */
  static final String DIR_PROPERTY = "lanekeeper.pg.binaries";

  private static final Logger LOG = LoggerFactory.getLogger(PgBinaries.class);

  private PgBinaries() {
  }

  /** Blocking: the {@code bin} directory of this version's binaries, unpacked under {@code defaultParent} if needed. */
  static synchronized Path binUnder(Path defaultParent) throws IOException {
    String override = System.getProperty(DIR_PROPERTY);
    Path parent = (override == null || override.isBlank() ? defaultParent : Path.of(override)).toAbsolutePath();
    String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch");
    byte[] archive;
    try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", arch)) {
      archive = in.readAllBytes();
    }
    Path dir = parent.resolve("PG-" + digest(archive));
    if (!Files.exists(dir.resolve(".complete"))) {
      unpack(archive, dir);
    }
    removeOtherVersions(parent, dir);
    return dir.resolve("bin");
  }

  /** Unpacks into a directory of its own, then renames it into place: a crash never leaves half a version. */
  private static void unpack(byte[] archive, Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    Path tmp = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".tmp");
    LOG.info("Unpacking the PostgreSQL binaries into {}", dir);
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        Path p = tmp.resolve(e.getName()).normalize();
        if (!p.startsWith(tmp)) {
          throw new IOException("archive entry outside its directory: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(p);
        } else if (e.isSymbolicLink()) {
          Files.createDirectories(p.getParent());
          Files.createSymbolicLink(p, Path.of(e.getLinkName()));
        } else {
          Files.createDirectories(p.getParent());
          Files.copy(tar, p);
          Files.setPosixFilePermissions(p, permissions(e.getMode()));
        }
      }
      Files.createFile(tmp.resolve(".complete"));
      try {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
        LOG.debug("Another process unpacked {} first", dir);
      }
    } finally {
      deleteTree(tmp);
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> s = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    if ((mode & 0100) != 0) {
      s.add(PosixFilePermission.OWNER_EXECUTE);
    }
    return s;
  }

  /** Older versions' binaries (the jar was upgraded): a running server keeps its mapped files even when unlinked. */
  private static void removeOtherVersions(Path parent, Path keep) {
    try (Stream<Path> dirs = Files.list(parent)) {
      for (Path d : dirs.filter(d -> d.getFileName().toString().startsWith("PG-") && !d.equals(keep)).toList()) {
        LOG.info("Removing PostgreSQL binaries of another version: {}", d);
        deleteTree(d);
      }
    } catch (IOException e) {
      LOG.warn("Cannot list {} to remove older PostgreSQL binaries: {}", parent, e.toString());
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static String digest(byte[] archive) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(archive)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
