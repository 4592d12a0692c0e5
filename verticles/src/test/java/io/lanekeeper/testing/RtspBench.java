package io.lanekeeper.testing;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.app.Controller;
import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.AppConfig;
import io.lanekeeper.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What an RTSP lane costs and how fast it decides, on a real RTSP server (GStreamer's, {@link RtspServer}) streaming
 * a queue of cars ({@link QueueVideo}, 1280x720 H.264 at 25 fps) into the whole controller with the trained models:
 * for each recognition rate, the decisions (exact, missed, extra), the delay from a car's first frame on air and
 * from its stop to its decision, and the CPU of ffmpeg and of the controller over the video. Run by
 * {@code scripts/bench-rtsp}; figures in docs/cameras.md.
 *
 * <p>The video's clock starts when the server starts, a few milliseconds before it says READY: the delays include
 * the server's encoding, the stream's transport, ffmpeg's decoding, recognition and the decision.
 */
public final class RtspBench {

  private RtspBench() {
  }

  record Run(double fps, int confirmReads, int cars, int exact, List<String> extras,
             List<Double> fromEntry, List<Double> fromStop, double ffmpegCores, double controllerCores) {

    /** Decisions of no car, or of a car decided before: their plates. */
    int extra() {
      return extras.size();
    }
  }

  public static void main(String[] args) throws Exception {
    int cars = 10;
    List<Double> rates = new ArrayList<>(List.of(5.0, 10.0, 25.0));
    List<Integer> confirm = List.of(2);
    int plateWidth = QueueVideo.PLATE_WIDTH;
    long seed = 18;
    Path md = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--cars" -> cars = Integer.parseInt(args[++i]);
        case "--fps" -> rates = List.of(args[++i].split(",")).stream().map(Double::parseDouble).toList();
        case "--confirm" -> confirm = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
        case "--plate-width" -> plateWidth = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--md" -> md = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --cars N --fps 5,10,25 --confirm 1,2 --plate-width PX --seed N --md FILE");
      }
    }
    Path dir = Files.createTempDirectory("rtsp-bench");
    System.err.printf("Writing the video: %d cars, 1280x720 at 25 fps, plates %d px wide at the barrier%n", cars,
        plateWidth);
    // 8 s of empty lane first: the camera is connected and past its warm-up when the queue comes
    QueueVideo.Video video = QueueVideo.write(dir.resolve("video"), cars, 25, seed, 8, plateWidth);
    List<Run> runs = new ArrayList<>();
    try (DjlPlateRecognizer recognizer = new DjlPlateRecognizer(AnprConfig.defaults());
         TestDatabase db = TestDatabase.create()) {
      for (double fps : rates) {
        // the settings compared alternate within each rate: a machine that slows down slows both
        for (int n : confirm) {
          System.err.printf("fps %.0f, confirmReads %d: streaming %.0f s of video...%n", fps, n, video.seconds());
          runs.add(run(video, fps, n, recognizer, db, dir.resolve("data-" + fps + "-" + n)));
          Run r = runs.getLast();
          System.err.printf("  %d of %d exact, %d extra %s, median %.2f s from entry%n", r.exact(), r.cars(),
              r.extra(), r.extras(), median(r.fromEntry()));
        }
      }
    }
    String table = table(runs);
    System.out.print(table);
    if (md != null) {
      Files.writeString(md, table);
    }
  }

  private static Run run(QueueVideo.Video video, double fps, int confirmReads, DjlPlateRecognizer recognizer,
                         TestDatabase db, Path data) throws Exception {
    List<AccessDecision> decisions = new CopyOnWriteArrayList<>();
    List<Instant> at = new CopyOnWriteArrayList<>();
    Vertx vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.ACCESS_DECISION, m -> {
      at.add(Instant.now());
      decisions.add(AccessDecision.fromJson(m.body()));
    });
    int port = Ports.freePort();
    JsonObject conf = ConfigLoader.merge(ConfigLoader.defaults(), new JsonObject()
        .put("http", new JsonObject().put("port", 0)).put("dataDir", data.toString())
        .put("tracker", new JsonObject().put("confirmReads", confirmReads))
        .put("lanes", new JsonArray().add(new JsonObject().put("id", "bench").put("formats",
            new JsonArray().add(QueueVideo.PROFILE)).put("camera", new JsonObject().put("type", "rtsp")
            .put("url", "rtsp://127.0.0.1:" + port + "/lane").put("fps", fps).put("reconnectMs", 300)))));
    // the controller first, so that its start is not in the figures; the video's clock starts with the server
    Controller c = Controller.start(vertx, AppConfig.from(conf), db.target(), recognizer).await(60, TimeUnit.SECONDS);
    try (RtspServer server = RtspServer.start(RtspServer.Options.of(video.frames()).once(), port)) {
      Instant t0 = Instant.now();
      // the CPU is counted while the queue passes, from the first car to the end: the empty lane before it costs
      // less (the motion gate lets no frame through)
      Thread.sleep(Math.max(0, (long) (video.cars().getFirst().entersS() * 1000)
          - Duration.between(t0, Instant.now()).toMillis()));
      long javaCpu0 = cpuNanos(ProcessHandle.current());
      long ffmpegCpu0 = ffmpegCpu();
      long wall0 = System.nanoTime();
      Thread.sleep((long) (video.seconds() * 1000) + 3000 - Duration.between(t0, Instant.now()).toMillis());
      double wallNs = System.nanoTime() - wall0;
      long ffmpegCpu = ffmpegCpu() - ffmpegCpu0;
      long javaCpu = cpuNanos(ProcessHandle.current()) - javaCpu0;
      List<Double> fromEntry = new ArrayList<>();
      List<Double> fromStop = new ArrayList<>();
      int exact = 0;
      List<String> extras = new ArrayList<>();
      List<String> decided = new ArrayList<>();
      for (int i = 0; i < decisions.size(); i++) {
        double s = Duration.between(t0, at.get(i)).toNanos() / 1e9;
        String plate = decisions.get(i).vehicle().plate();
        QueueVideo.Car car = video.cars().stream().filter(k -> k.plate().equals(plate) && k.entersS() <= s).findFirst()
            .orElse(null);
        if (car == null || decided.contains(plate)) {
          extras.add(plate);
          continue;
        }
        decided.add(plate);
        exact++;
        fromEntry.add(s - car.entersS());
        fromStop.add(s - car.stopsS());
      }
      return new Run(fps, confirmReads, video.cars().size(), exact, extras, fromEntry, fromStop,
          ffmpegCpu / wallNs, javaCpu / wallNs);
    } finally {
      c.stop().await(20, TimeUnit.SECONDS);
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  /** The CPU time of the controller's ffmpeg children (one per rtsp lane). */
  private static long ffmpegCpu() {
    return ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("ffmpeg"))
        .mapToLong(RtspBench::cpuNanos).sum();
  }

  private static long cpuNanos(ProcessHandle p) {
    // the JVM's own figure is its whole CPU time; a child's is read from /proc (Linux), where info() is the same
    return p.info().totalCpuDuration().map(Duration::toNanos).orElseGet(() -> procCpu(p.pid()));
  }

  private static long procCpu(long pid) {
    try {
      String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).replaceFirst("^.*\\) ", "").split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static double median(List<Double> xs) {
    return quantile(xs, 0.5);
  }

  private static double quantile(List<Double> xs, double q) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = xs.stream().sorted().toList();
    return s.get((int) Math.min(s.size() - 1, Math.floor(q * s.size())));
  }

  static String table(List<Run> runs) {
    StringBuilder b = new StringBuilder();
    b.append("| fps handed on | confirmReads | cars decided exactly | extra decisions | first frame on air to "
        + "decision, median (p90) | stop to decision, median | ffmpeg, cores | controller, cores |\n");
    b.append("|---|---|---|---|---|---|---|---|\n");
    for (Run r : runs) {
      b.append(String.format(Locale.ROOT, "| %.0f | %d | %d of %d | %d%s | %.2f s (%.2f s) | %.2f s | %.2f | %.2f |%n",
          r.fps(), r.confirmReads(), r.exact(), r.cars(), r.extra(),
          r.extras().isEmpty() ? "" : " (" + String.join(", ", r.extras()) + ")", median(r.fromEntry()),
          quantile(r.fromEntry(), 0.9), median(r.fromStop()), r.ffmpegCores(), r.controllerCores()));
    }
    return b.toString();
  }
}
