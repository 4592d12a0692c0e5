package io.lanekeeper.db;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the bundled {@code initdb}, {@code pg_ctl} and {@code postgres}. */
final class PgTools {

  /**
   * PostgreSQL refuses to run as root. A development machine or a container that runs the controller as root gets
   * the tools in a user namespace of their own, where they are not root ({@code unshare -U}, as zonky does).
   */
  private static final List<String> AS_NON_ROOT =
      LinuxUtils.isUnshareAvailable() ? List.of("unshare", "-U") : List.of();

  /** A session of its own, so a Ctrl-C in the controller's terminal does not stop the server before the controller. */
  private static final List<String> OWN_SESSION = Files.isExecutable(Path.of("/usr/bin/setsid"))
      ? List.of("/usr/bin/setsid") : List.of();

  private final Path bin;

  PgTools(Path bin) {
    this.bin = bin;
  }

  /** A command line for one of the tools, with its arguments. */
  List<String> command(String tool, String... args) {
    List<String> cmd = new ArrayList<>(AS_NON_ROOT);
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(Arrays.asList(args));
    return cmd;
  }

  /** {@link #command} in a session of its own: the long-running server. */
  List<String> daemonCommand(String tool, String... args) {
    List<String> cmd = new ArrayList<>(OWN_SESSION);
    cmd.addAll(command(tool, args));
    return cmd;
  }

  /**
   * A process builder for a command: without systemd's notification socket, which the unit opens to every process
   * ({@code NotifyAccess=all}) and a PostgreSQL built with systemd support would use to report ready in the
   * controller's place.
   */
  static ProcessBuilder processBuilder(List<String> cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("NOTIFY_SOCKET");
    return pb;
  }

  /** The tool's exit code and what it printed. */
  record Result(int exitCode, String output) {
    /** The lines that say what went wrong, for an error message (never the input, which may hold a secret). */
    String problems() {
      List<String> bad = output.lines().filter(l -> l.matches(".*\\b(FATAL|PANIC|ERROR|error):.*")).toList();
      List<String> said = bad.isEmpty() ? output.lines().toList() : bad;
      return said.isEmpty() ? "no output" : String.join("; ", said.subList(Math.max(0, said.size() - 3), said.size()));
    }
  }

  /** Blocking: runs a tool to its end, feeding {@code stdin} (if any) and collecting its output. */
  Result run(Duration timeout, String stdin, String tool, String... args) throws IOException {
    Path out = Files.createTempFile("lanekeeper-" + tool, ".log");
    try {
      Process p = processBuilder(command(tool, args)).redirectErrorStream(true).redirectOutput(out.toFile())
          .start();
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(tool + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new Result(p.exitValue(), Files.readString(out));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(tool + " interrupted", e);
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
