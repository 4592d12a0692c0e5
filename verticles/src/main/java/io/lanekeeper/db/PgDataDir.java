package io.lanekeeper.db;

import io.lanekeeper.config.PrivateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded server's data directory before its server starts: created whole on the first run, and given
 * passwords where it has none (a directory made by an older Lanekeeper, which let anyone on 127.0.0.1 in as the
 * superuser, and kept the controller's tables in the database {@code postgres}).
 */
final class PgDataDir {

  static final String SUPERUSER = "postgres";
  static final String ROLE = "lanekeeper";
  static final String DATABASE = "lanekeeper";

  /**
   * Password logins over 127.0.0.1 only; nothing over a Unix socket (the server opens none) and no {@code trust}.
   * Rewritten at every start: the server is the controller's own, not a place for hand-made exceptions.
   */
  static final String HBA = """
      # Written by Lanekeeper at every start of its embedded PostgreSQL: password logins only.
      # The passwords are in passwords.properties beside this file.
      # TYPE  DATABASE  USER  ADDRESS       METHOD
      host    all       all   127.0.0.1/32  scram-sha-256
      """;

  private static final Logger LOG = LoggerFactory.getLogger(PgDataDir.class);
  private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);

  private final Path dir;
  private final PgTools tools;

  PgDataDir(Path dir, PgTools tools) {
    this.dir = dir;
    this.tools = tools;
  }

  Path path() {
    return dir;
  }

  boolean exists() {
    return Files.exists(dir.resolve("PG_VERSION"));
  }

  /**
   * Blocking: a new data directory with the superuser's password, made beside the final one and renamed into place,
   * so that an initdb cut short leaves nothing a later start would mistake for a cluster.
   */
  void create(PgSecrets secrets) throws IOException {
    Path fresh = dir.resolveSibling(dir.getFileName() + ".new");
    Path pwfile = dir.resolveSibling(dir.getFileName() + ".pw");
    PgBinaries.deleteTree(fresh);
    Files.deleteIfExists(pwfile);
    Files.createFile(pwfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(pwfile, secrets.superuserPassword() + "\n");
      LOG.info("Creating the embedded PostgreSQL's data directory {}", dir);
      PgTools.Result r = tools.run(TOOL_TIMEOUT, null, "initdb", "-D", fresh.toString(), "-U", SUPERUSER,
          "--pwfile=" + pwfile, "-A", "scram-sha-256", "-E", "UTF-8");
      if (r.exitCode() != 0) {
        throw new IOException("initdb failed (exit " + r.exitCode() + "): " + r.problems());
      }
    } finally {
      Files.deleteIfExists(pwfile);
    }
    writeHba(fresh);
    secrets.write(fresh);
    Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Blocking, with the server stopped: sets the superuser's password in single-user mode (which needs none), moves
   * an older version's tables (database {@code postgres}) to the database {@code lanekeeper}, locks the door
   * ({@code pg_hba.conf}), and only then keeps the passwords: a crash in between repeats all of it on the next start.
   */
  void setPasswords(PgSecrets secrets) throws IOException {
    LOG.warn("The embedded PostgreSQL in {} has no passwords yet (made by an older version, or {} was lost): "
        + "setting them, and closing password-less logins", dir, PgSecrets.FILE);
    String verifier = PasswordUtil.encodeScramSha256(secrets.superuserPassword().toCharArray());
    String sql = "ALTER ROLE " + SUPERUSER + " WITH PASSWORD '" + verifier + "';\n"
        + "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_database WHERE datname = '" + DATABASE + "') "
        + "AND EXISTS (SELECT FROM pg_database WHERE datname = 'postgres') THEN "
        + "ALTER DATABASE postgres RENAME TO " + DATABASE + "; END IF; END$$;\n";
    // exit_on_error turns an error into a non-zero exit; the statement (a password hash) is never logged
    PgTools.Result r = tools.run(TOOL_TIMEOUT, sql, "postgres", "--single", "-D", dir.toString(),
        "-c", "exit_on_error=on", "-c", "log_min_error_statement=panic", "template1");
    if (r.exitCode() != 0) {
      throw new IOException("setting the passwords in single-user mode failed (exit " + r.exitCode() + "): "
          + r.problems());
    }
    writeHba(dir);
    secrets.write(dir);
  }

  void writeHba() throws IOException {
    writeHba(dir);
  }

  private static void writeHba(Path d) throws IOException {
    PrivateFile.write(d.resolve("pg_hba.conf"), HBA);
  }
}
