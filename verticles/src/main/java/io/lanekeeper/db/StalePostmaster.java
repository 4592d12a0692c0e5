package io.lanekeeper.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier run may have left in the data directory: a server still running (the controller was killed, its
 * server was not), or a {@code postmaster.pid} whose number now belongs to another program (after a power cut and
 * a reboot), which PostgreSQL takes for a server still running and refuses to start beside.
 */
final class StalePostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(StalePostmaster.class);

  private final PgDataDir data;
  private final PgTools tools;

  StalePostmaster(PgDataDir data, PgTools tools) {
    this.data = data;
    this.tools = tools;
  }

  /**
   * Blocking: leaves the data directory free for a server of ours. A server of this directory is stopped (fast
   * shutdown, then immediate, then killed); a pid file naming another program is removed, once no process of an
   * older server is left (removing it beside live backends would let two servers write the same files). A pid file
   * naming no process is left to PostgreSQL, which checks it and the shared memory itself.
   */
  void clear() throws IOException {
    Path pidFile = data.path().resolve("postmaster.pid");
    OptionalLong pid = pidIn(pidFile);
    if (pid.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> proc = ProcessHandle.of(pid.getAsLong()).filter(ProcessHandle::isAlive);
    if (proc.isEmpty()) {
      return;
    }
    if (servesThisDirectory(pid.getAsLong())) {
      LOG.warn("An earlier embedded PostgreSQL (PID {}) still runs on {}: stopping it", pid.getAsLong(), data.path());
      stop(proc.get());
      return;
    }
    if (ProcessHandle.allProcesses().anyMatch(h -> servesThisDirectory(h.pid()))) {
      throw new IOException("processes of an earlier PostgreSQL on " + data.path() + " are still ending");
    }
    LOG.warn("Removing {}: its PID {} is now another program ({}), not a PostgreSQL of this directory", pidFile,
        pid.getAsLong(), proc.get().info().command().orElse("unknown"));
    Files.deleteIfExists(pidFile);
  }

  private void stop(ProcessHandle old) throws IOException {
    for (String mode : List.of("fast", "immediate")) {
      PgTools.Result r = tools.run(Duration.ofSeconds(60), null, "pg_ctl", "stop", "-D", data.path().toString(),
          "-m", mode, "-t", "30", "-w");
      if (waitGone(old, Duration.ofSeconds(5))) {
        LOG.info("The earlier PostgreSQL (PID {}) stopped ({} shutdown)", old.pid(), mode);
        return;
      }
      LOG.warn("pg_ctl stop -m {} did not stop PID {}: {}", mode, old.pid(), r.problems());
    }
    old.destroyForcibly();
    if (!waitGone(old, Duration.ofSeconds(10))) {
      throw new IOException("the earlier PostgreSQL (PID " + old.pid() + ") does not stop");
    }
    LOG.warn("The earlier PostgreSQL (PID {}) was killed; the next start recovers from its write-ahead log", old.pid());
  }

  private static boolean waitGone(ProcessHandle p, Duration d) {
    try {
      p.onExit().get(d.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !p.isAlive();
    } catch (Exception e) {
      return !p.isAlive();
    }
  }

  /** A PostgreSQL process (server or backend) working in this data directory: they all make it their directory. */
  boolean servesThisDirectory(long pid) {
    try {
      Path proc = Path.of("/proc", Long.toString(pid));
      String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
      return cmdline.contains("postgres")
          && Files.readSymbolicLink(proc.resolve("cwd")).equals(data.path().toRealPath());
    } catch (IOException | SecurityException e) {
      return false; // gone, or another user's: not ours either way
    }
  }

  private static OptionalLong pidIn(Path pidFile) {
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
