package io.lanekeeper.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One run of the embedded server: a child process of the controller (so its death is seen at once), durable, on
 * 127.0.0.1 only, logging into {@code log/} under its data directory (one file per weekday, overwritten a week later).
 */
final class Postmaster {

  private final Process process;
  private final Path logDir;
  /** Each log file's length when this run began: what it wrote since is its own. */
  private final Map<Path, Long> logLengths;

  private Postmaster(Process process, Path logDir, Map<Path, Long> logLengths) {
    this.process = process;
    this.logDir = logDir;
    this.logLengths = logLengths;
  }

  /** Starts the server; {@link #awaitReady} says when it takes logins. */
  static Postmaster spawn(PgTools tools, PgDataDir data, int port) throws IOException {
    Path log = data.path().resolve("log");
    Files.createDirectories(log);
    Path startupLog = log.resolve("startup.log");
    Map<Path, Long> lengths = new HashMap<>();
    try (Stream<Path> files = Files.list(log)) {
      for (Path f : files.filter(f -> !f.equals(startupLog)).toList()) {
        lengths.put(f, Files.size(f));
      }
    }
    List<String> cmd = tools.daemonCommand("postgres", "-D", data.path().toString(),
        "-c", "port=" + port,
        "-c", "listen_addresses=127.0.0.1",
        "-c", "unix_socket_directories=",
        "-c", "max_connections=50",
        "-c", "timezone=UTC",
        // durable: a commit is on disk when it returns, and a power cut cannot tear a page (PostgreSQL's defaults,
        // given here so that no configuration file can turn them off)
        "-c", "fsync=on",
        "-c", "synchronous_commit=on",
        "-c", "full_page_writes=on",
        "-c", "logging_collector=on",
        "-c", "log_directory=log",
        "-c", "log_filename=postgresql-%a.log",
        "-c", "log_truncate_on_rotation=on",
        "-c", "log_rotation_age=1d",
        "-c", "log_rotation_size=0");
    Process p = PgTools.processBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(startupLog.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
    return new Postmaster(p, log, lengths);
  }

  Process process() {
    return process;
  }

  long pid() {
    return process.pid();
  }

  /**
   * Blocking: waits until the server takes a login, as long as it runs (recovery after a crash or a power cut may
   * take a while) and at most {@code limit}; {@code giveUp} cuts the wait short (the controller is stopping).
   */
  void awaitReady(DbTarget admin, Duration limit, BooleanSupplier giveUp) throws IOException {
    long end = System.nanoTime() + limit.toNanos();
    SQLException last = null;
    while (System.nanoTime() < end && !giveUp.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IOException("PostgreSQL exited during its start (exit " + process.exitValue() + "): " + problems());
      }
      try (Connection c = connect(admin)) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IOException("PostgreSQL did not take logins within " + limit.toSeconds() + " s"
        + (last == null ? "" : ": " + last.getMessage()));
  }

  /** The error lines this run logged: why a start failed (a port in use, a damaged directory). */
  String problems() {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.list(logDir)) {
      for (Path f : files.sorted().toList()) {
        byte[] b = Files.readAllBytes(f);
        int from = (int) Math.min(b.length, logLengths.getOrDefault(f, 0L));
        all.append(new String(b, from, b.length - from, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      return "no log in " + logDir + " (" + e.getMessage() + ")";
    }
    return new PgTools.Result(0, all.toString()).problems();
  }

  /**
   * Blocking: stops the server (fast shutdown: sessions cut, a checkpoint written), then harder if it does not stop.
   * Returns at once when it is not running.
   */
  void stop(PgTools tools, PgDataDir data) throws IOException {
    for (String mode : List.of("fast", "immediate")) {
      if (!process.isAlive()) {
        return;
      }
      tools.run(Duration.ofSeconds(60), null, "pg_ctl", "stop", "-D", data.path().toString(), "-m", mode, "-t", "30",
          "-w");
      try {
        if (process.waitFor(5, TimeUnit.SECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroyForcibly();
  }

  static Connection connect(DbTarget t) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", t.user());
    p.setProperty("password", t.password());
    p.setProperty("connectTimeout", "5");
    p.setProperty("socketTimeout", "60");
    return DriverManager.getConnection(t.jdbcUrl(), p);
  }
}
