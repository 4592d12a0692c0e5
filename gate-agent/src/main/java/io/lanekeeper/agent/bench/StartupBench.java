package io.lanekeeper.agent.bench;

import io.lanekeeper.synth.SynthCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time to ready and resident memory of the whole controller with one lane: starts {@code lanekeeper run} as a child
 * process (embedded PostgreSQL, the CPU engine, a folder camera replaying synthetic scenes at 2 frames per second),
 * times it until {@code /health} answers, lets it read frames for a while, then reads the JVM's resident set
 * (and PostgreSQL's, separately) from {@code /proc}. Twice: a cold start (no data directory: initdb, migrations)
 * and a warm one (the same data directory, as after a reboot).
 *
 * <p>{@code lanekeeper bench startup [--run-seconds N] [--heap 512m] [--md FILE]}
 */
public final class StartupBench {

  private StartupBench() {
  }

  record Result(String kind, double readySeconds, long jvmRssKb, long jvmPeakKb, long pgRssKb, double stopSeconds) {
  }

  public static int run(String[] args, PrintStream out) {
    int runSeconds = 30;
    String heap = "512m";
    String md = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--run-seconds" -> runSeconds = Integer.parseInt(args[++i]);
        case "--heap" -> heap = args[++i];
        case "--md" -> md = args[++i];
        default -> {
          System.err.println("usage: bench startup [--run-seconds N] [--heap 512m] [--md FILE]");
          return 2;
        }
      }
    }
    try {
      Path work = Files.createTempDirectory("lk-startup");
      Path scenes = work.resolve("frames");
      out.println("bench startup: generating 8 synthetic scenes ...");
      if (SynthCommand.run(new String[] {"--out", scenes.toString(), "--scenes", "8", "--seed", "7", "--profiles",
          "BR"}, new PrintStream(PrintStream.nullOutputStream())) != 0) {
        throw new IOException("synthetic scenes not generated");
      }
      int port = freePort();
      Path conf = work.resolve("bench.json");
      Files.writeString(conf, """
          { "dataDir": "%s", "http": { "port": %d },
            "lanes": [ { "id": "bench-1", "formats": ["BR"],
              "camera": { "type": "folder", "path": "%s", "fps": 2, "loop": true } } ] }
          """.formatted(work.resolve("data"), port, scenes.resolve("scenes")));
      List<Result> results = new ArrayList<>();
      for (String kind : List.of("cold", "warm")) {
        out.println("bench startup: " + kind + " start ...");
        Result r = once(kind, conf, port, heap, runSeconds);
        out.printf("  ready %.1f s, JVM resident %d MB (peak %d MB), PostgreSQL %d MB, stop %.1f s%n",
            r.readySeconds(), r.jvmRssKb() / 1024, r.jvmPeakKb() / 1024, r.pgRssKb() / 1024, r.stopSeconds());
        results.add(r);
      }
      StringBuilder rep = new StringBuilder("""
          # Startup and memory of the all-in-one controller

          `scripts/bench startup --heap %s --run-seconds %d`: `lanekeeper run` as a child process with one lane (folder
          camera replaying synthetic 1280x720 scenes at 2 fps through the CPU engine), embedded PostgreSQL, MQTT off.
          Ready = `/health` answers (models loaded and warmed up, database migrated, every verticle deployed).
          Resident memory read from `/proc/<pid>/status` after %d s of frames: the JVM (`VmRSS`, peak `VmHWM`) and,
          separately, the embedded PostgreSQL's processes (the sum of their proportional set sizes).
          %d CPUs, %s, Java %s.

          | start | ready | JVM resident | JVM peak | PostgreSQL resident | stop |
          |---|---|---|---|---|---|
          """.formatted(heap, runSeconds, runSeconds, Runtime.getRuntime().availableProcessors(),
          System.getProperty("os.arch"), Runtime.version()));
      for (Result r : results) {
        rep.append(String.format("| %s | %.1f s | %d MB | %d MB | %d MB | %.1f s |%n", r.kind(), r.readySeconds(),
            r.jvmRssKb() / 1024, r.jvmPeakKb() / 1024, r.pgRssKb() / 1024, r.stopSeconds()));
      }
      out.print(rep);
      if (md != null) {
        Files.writeString(Path.of(md), rep.toString());
      }
      return 0;
    } catch (Exception e) {
      System.err.println("bench startup: " + e);
      return 1;
    }
  }

  private static Result once(String kind, Path conf, int port, String heap, int runSeconds) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(java, "-Xmx" + heap, "--enable-native-access=ALL-UNNAMED",
        "-Djava.awt.headless=true", "-jar", jar, "run", "--config", conf.toString())
        .redirectErrorStream(true).redirectOutput(conf.resolveSibling("run-" + kind + ".log").toFile()).start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
      HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
          .timeout(Duration.ofSeconds(2)).build();
      double ready = -1;
      while (ready < 0) {
        if (!p.isAlive()) {
          throw new IOException("the controller exited with " + p.exitValue() + "; see "
              + conf.resolveSibling("run-" + kind + ".log"));
        }
        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(180)) {
          throw new IOException("not ready after 180 s");
        }
        try {
          if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
            ready = (System.nanoTime() - t0) / 1e9;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(50);
      }
      Thread.sleep(TimeUnit.SECONDS.toMillis(runSeconds));
      long rss = status(p.pid(), "VmRSS");
      long peak = status(p.pid(), "VmHWM");
      // the server is a child in a session of its own, its backends its children: find them by its data directory
      String pgData = conf.resolveSibling("data").resolve("postgres").toString();
      long pg = ProcessHandle.allProcesses()
          .filter(h -> h.info().commandLine().map(c -> c.contains(pgData)).orElse(false)
              || h.parent().map(pp -> pp.info().commandLine().map(c -> c.contains(pgData)).orElse(false)).orElse(false))
          .mapToLong(h -> proportional(h.pid())).sum();
      long s0 = System.nanoTime();
      p.destroy();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IOException("did not stop within 60 s of SIGTERM");
      }
      return new Result(kind, ready, rss, peak, pg, (System.nanoTime() - s0) / 1e9);
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * A process's proportional set size ({@code Pss} of {@code /proc/<pid>/smaps_rollup}): PostgreSQL's processes share
   * their buffers, which a sum of resident sets would count once per process.
   */
  private static long proportional(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
        if (line.startsWith("Pss:")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  /** A {@code kB} line of {@code /proc/<pid>/status}, or 0 when gone. */
  private static long status(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(key + ":")) {
          return Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
