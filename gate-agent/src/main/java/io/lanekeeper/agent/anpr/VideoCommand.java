package io.lanekeeper.agent.anpr;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.ImageRejectedException;
import io.lanekeeper.anpr.RecognizedPlate;
import io.lanekeeper.bus.ParkedPlate;
import io.lanekeeper.bus.PlateArea;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.camera.GreyFrame;
import io.lanekeeper.camera.MjpegParser;
import io.lanekeeper.camera.MotionDetector;
import io.lanekeeper.config.TrackerConfig;
import io.lanekeeper.tracker.VehicleTracker;
import io.lanekeeper.web.Csv;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code anpr video FILE|URL}: the pipeline of a lane over a recorded video or a stream. ffmpeg decodes it at
 * {@code --fps} frames a second; the motion gate skips frames where nothing moves; the engine reads the rest; the
 * tracker's vote ({@link VehicleTracker}, driven by the video's own clock) turns the reads into vehicles, each listed
 * once with its time, plate, confidence and best crop. {@code --annotated OUT.mp4} writes the frames back with the
 * boxes and reads drawn ({@link VideoAnnotator}).
 *
 * <p>A recording is replayed as pushed frames are: a vehicle has gone when it was not read for the tracker's window,
 * and every later sighting is a new one. {@code --watching} treats it as a camera that watches its lane all the time
 * instead, as at a barrier: plates in view from the first seconds, or standing where they stood, are parked and not
 * listed ({@code docs/video.md}).
 */
public final class VideoCommand {

  static final String USAGE = "usage: anpr video FILE|URL [--json OUT] [--csv OUT] [--annotated OUT.mp4] "
      + "[--crops DIR] [--fps N] [--formats a,b] [--strict] [--min-length N] [--watching] [--motion F] "
      + "[--duration S] [--config FILE] [--quiet]";
  static final int DEFAULT_FPS = 5;
  static final int MAX_FPS = 30;
  static final String LANE = "video";
  /** A lane's frames: whole plates anywhere in them; a plate cut by the frame's edge is seen whole in others. */
  static final PlateArea LANE_AREA = PlateArea.lane(List.of(), 0);
  /** How long a decided vehicle's banner stays on the annotated video. */
  static final Duration BANNER = Duration.ofSeconds(2);

  private VideoCommand() {
  }

  /** One vehicle of the video: what the tracker decided, and where its crop was written. */
  record Vehicle(int n, VehicleRead read, double seconds, String crop) {
  }

  /** What a run saw: frames decoded, frames read by the engine (motion), frames the engine refused. */
  static final class Counts {
    long frames;
    long read;
    long rejected;
  }

  public static int run(String[] args, PrintStream out) {
    CliOptions o;
    AnprConfig cfg;
    TrackerConfig trackerCfg;
    int fps;
    double motion;
    double maxSeconds;
    int minLength;
    try {
      o = CliOptions.parse(args, Set.of("json", "csv", "annotated", "crops", "fps", "motion", "duration",
          "min-length"),
          Set.of("strict", "watching", "quiet"));
      cfg = o.config();
      trackerCfg = trackerConfig(o);
      fps = o.intOption("fps", DEFAULT_FPS);
      if (fps < 1 || fps > MAX_FPS) {
        throw new IllegalArgumentException("--fps must be 1 to " + MAX_FPS + ", got " + fps);
      }
      motion = o.decimalOption("motion", 0.002, 0, 1);
      maxSeconds = o.decimalOption("duration", 0, 0, 7 * 86_400);
      minLength = o.minLength();   // a lane's read.minLength where below 4: its short plates are read
      if (o.positional.size() != 1) {
        throw new IllegalArgumentException(o.positional.isEmpty() ? "no video given" : "one video at a time");
      }
      String src = o.positional.getFirst();
      if (!isUrl(src) && !Files.isRegularFile(Path.of(src))) {
        throw new IllegalArgumentException("no such video file: " + src);
      }
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("anpr video: " + e.getMessage());
      System.err.println(USAGE);
      return 2;
    }
    String src = o.positional.getFirst();
    boolean quiet = o.named.containsKey("quiet");
    Double seconds = isUrl(src) ? null : Ffmpeg.duration(src);
    double total = maxSeconds > 0 && (seconds == null || maxSeconds < seconds) ? maxSeconds
        : seconds == null ? 0 : seconds;
    Progress progress = new Progress(quiet ? null : System.err, total);
    // Ctrl-C (a stream never ends by itself): stop decoding, and let the vehicles so far be written
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Ffmpeg.Decoder> running = new AtomicReference<>();
    CountDownLatch written = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.set(true);
      Ffmpeg.Decoder d = running.get();
      if (d != null) {
        d.stop();
      }
      try {
        written.await(180, TimeUnit.SECONDS);   // the encoder may take a while to finish
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "anpr-video-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(new Job(o, cfg, trackerCfg, fps, motion, maxSeconds, minLength), out, progress, stop, running);
    } finally {
      written.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook is running and waits for this
      }
    }
  }

  /** What a run was asked for, checked. */
  private record Job(CliOptions o, AnprConfig cfg, TrackerConfig trackerCfg, int fps, double motion,
                     double maxSeconds, int minLength) {
  }

  private static int run(Job job, PrintStream out, Progress progress, AtomicBoolean stop,
                         AtomicReference<Ffmpeg.Decoder> running) {
    CliOptions o = job.o();
    AnprConfig cfg = job.cfg();
    TrackerConfig trackerCfg = job.trackerCfg();
    int fps = job.fps();
    double motion = job.motion();
    double maxSeconds = job.maxSeconds();
    String src = o.positional.getFirst();
    Path json = path(o, "json");
    Path csv = path(o, "csv");
    Path cropDir = o.named.containsKey("crops") ? Path.of(o.named.get("crops"))
        : json != null ? sibling(json, "-crops") : csv != null ? sibling(csv, "-crops") : null;
    List<String> formats = o.formats();
    boolean strict = o.named.containsKey("strict");
    int minLength = job.minLength();
    Instant start = isUrl(src) ? Instant.now() : Instant.EPOCH;
    List<Vehicle> vehicles = new ArrayList<>();
    Counts counts = new Counts();
    int rc = 0;
    VideoAnnotator annotator = null;
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(cfg)) {
      r.rulesFor(formats, strict, minLength);   // an unknown format name fails here, before any decoding
      if (cropDir != null) {
        Files.createDirectories(cropDir);
      }
      annotator = o.named.containsKey("annotated") ? VideoAnnotator.open(Path.of(o.named.get("annotated")), fps)
          : null;
      VideoAnnotator drawing = annotator;
      VehicleTracker tracker = new VehicleTracker(trackerCfg, new VehicleTracker.Events() {
        @Override
        public void vehicle(VehicleRead v) {
          double at = Duration.between(start, v.firstSeen()).toNanos() / 1e9;
          String crop = writeCrop(cropDir, vehicles.size() + 1, v);
          Vehicle vehicle = new Vehicle(vehicles.size() + 1, v, at, crop);
          vehicles.add(vehicle);
          progress.vehicle(vehicle);
          if (drawing != null) {
            drawing.decided(vehicle);
          }
        }

        @Override
        public void parked(ParkedPlate p) {
          progress.note(String.format(Locale.ROOT, "parked: %s (standing there, not listed)", p.plate()));
        }

        @Override
        public void keepFrame(String lane, String frameId) {
          // the engine cut each read's crop already: the vote's best read carries its own
        }
      });
      tracker.source(LANE, o.named.containsKey("watching") ? "rtsp" : "folder");
      MotionDetector gate = new MotionDetector(List.of(), motion);
      long[] frameNo = {0};
      Instant[] last = {start};
      MjpegParser parser = new MjpegParser(null, MjpegParser.DEFAULT_MAX_PART_BYTES, jpeg -> {
        if (stop.get()) {
          return;
        }
        long i = frameNo[0]++;
        Instant t = start.plusNanos(Math.round(i * 1e9 / fps));
        double at = i / (double) fps;
        if (maxSeconds > 0 && at >= maxSeconds) {
          stop.set(true);
          return;
        }
        last[0] = t;
        counts.frames++;
        List<RecognizedPlate> plates = List.of();
        try {
          if (!gate.enabled() || gate.hasMotion(GreyFrame.decode(jpeg, MotionDetector.WORK_WIDTH))) {
            counts.read++;
            plates = r.recognize(jpeg, formats, strict, minLength, LANE_AREA);
            String frameId = "f" + i;
            for (RecognizedPlate p : plates) {
              tracker.read(new PlateRead(LANE, frameId, t, p.text(), p.confidence(), p.charConfidences(), p.box(),
                  p.format(), p.cropJpeg()), t);
            }
            tracker.frame(LANE, frameId, t);
          } else {
            tracker.advance(t);
          }
        } catch (ImageRejectedException | IOException e) {
          counts.rejected++;
          progress.note("frame " + i + " skipped: " + e.getMessage());
        }
        if (drawing != null) {
          drawing.frame(jpeg, at, plates, trackerCfg.sureConfidence());
        }
        progress.frame(at, counts, vehicles.size());
      });
      Ffmpeg.Decoder decoder = Ffmpeg.decode(src, fps);
      running.set(decoder);
      int exit;
      try (InputStream in = decoder.stdout()) {
        byte[] buf = new byte[1 << 16];
        for (int n = in.read(buf); n >= 0 && !stop.get(); n = in.read(buf)) {
          parser.feed(buf, 0, n);
        }
      } catch (IOException e) {
        if (!stop.get()) {
          throw e;
        }
      } finally {
        exit = decoder.finish(true);   // ended already when the video did; ended now when stopped or failed
      }
      tracker.finish(last[0].plusMillis(trackerCfg.windowMs()));
      if (exit != 0 && !stop.get()) {
        System.err.println("anpr video: ffmpeg could not decode " + src + ": " + decoder.errors());
        rc = 1;
      } else if (counts.frames == 0) {
        System.err.println("anpr video: no frames in " + src + (decoder.errors().isEmpty() ? ""
            : ": " + decoder.errors()));
        rc = 1;
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      System.err.println("anpr video: " + e.getMessage());
      if (counts.frames == 0) {
        closeQuietly(annotator);
        return 2;
      }
      rc = 2;   // the vehicles decided before the failure are still written
    }
    progress.done(counts, vehicles.size());
    try {
      if (json != null) {
        Files.writeString(json, toJson(src, fps, counts, vehicles).encodePrettily() + "\n");
      }
      if (csv != null) {
        Files.writeString(csv, toCsv(vehicles), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      System.err.println("anpr video: cannot write the results: " + e.getMessage());
      return 2;
    }
    printTable(out, vehicles);
    // the results are written first: an encoder that fails (or a Ctrl-C) costs the annotated video only
    if (annotator != null) {
      try {
        annotator.close();
      } catch (IOException | IllegalStateException e) {
        System.err.println("anpr video: " + e.getMessage());
        rc = Math.max(rc, 1);
      }
    }
    return rc;
  }

  private static void closeQuietly(VideoAnnotator a) {
    if (a != null) {
      try {
        a.close();
      } catch (IOException | IllegalStateException e) {
        // nothing was read: the error that stopped the run is the one to report
      }
    }
  }

  static boolean isUrl(String s) {
    return s.matches("(?i)(rtsp|rtsps|rtmp|http|https|udp|srt)://.+");
  }

  private static TrackerConfig trackerConfig(CliOptions o) throws IOException {
    String file = o.named.get("config");
    if (file == null) {
      return TrackerConfig.from(new JsonObject());
    }
    JsonObject all = new JsonObject(Files.readString(Path.of(file)));
    return TrackerConfig.from(all.getJsonObject("tracker", new JsonObject()));
  }

  private static Path path(CliOptions o, String name) {
    String v = o.named.get(name);
    return v == null ? null : Path.of(v);
  }

  private static Path sibling(Path file, String suffix) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + suffix);
  }

  /** The vehicle's best crop as {@code DIR/NNN-PLATE.jpg}; its name relative to the results, or null. */
  static String writeCrop(Path dir, int n, VehicleRead v) {
    byte[] jpeg = v.best().cropJpeg();
    if (dir == null || jpeg == null || jpeg.length == 0) {
      return null;
    }
    // the plate is camera text: only letters and digits reach a file name
    String name = String.format(Locale.ROOT, "%03d-%s.jpg", n, v.plate().replaceAll("[^A-Z0-9]", ""));
    try {
      Files.write(dir.resolve(name), jpeg);
      return dir.getFileName() + "/" + name;
    } catch (IOException e) {
      System.err.println("anpr video: cannot write crop " + name + ": " + e.getMessage());
      return null;
    }
  }

  static JsonObject toJson(String src, int fps, Counts counts, List<Vehicle> vehicles) {
    boolean stream = isUrl(src);
    JsonArray arr = new JsonArray();
    for (Vehicle v : vehicles) {
      VehicleRead r = v.read();
      JsonObject j = new JsonObject()
          .put("n", v.n())
          .put("vehicleId", r.vehicleId().toString())
          .put("seconds", round(v.seconds(), 2))
          .put("decidedSeconds", round(v.seconds() + Duration.between(r.firstSeen(), r.decidedAt()).toNanos() / 1e9,
              2));
      if (stream) {   // a stream's frames carry the wall clock; a file's only its own time
        j.put("firstSeen", r.firstSeen().toString()).put("decidedAt", r.decidedAt().toString());
      }
      arr.add(j.put("plate", r.plate())
          .put("printed", r.printed())
          .put("format", r.best().format())
          .put("confidence", round(r.confidence(), 4))
          .put("charConfidences", rounded(r.charConfidences()))
          .put("reads", r.nReads())
          .put("box", r.best().box().toJson())
          .put("crop", v.crop()));
    }
    return new JsonObject().put("source", src).put("fps", fps).put("frames", counts.frames)
        .put("framesRead", counts.read).put("framesRejected", counts.rejected).put("vehicles", arr);
  }

  static String toCsv(List<Vehicle> vehicles) {
    StringBuilder sb = new StringBuilder();
    Csv.row(sb, "n", "seconds", "plate", "printed", "format", "confidence", "reads", "crop");
    for (Vehicle v : vehicles) {
      VehicleRead r = v.read();
      Csv.row(sb, v.n(), String.format(Locale.ROOT, "%.2f", v.seconds()), r.plate(), r.printed(), r.best().format(),
          String.format(Locale.ROOT, "%.4f", r.confidence()), r.nReads(), v.crop());
    }
    return sb.toString();
  }

  private static void printTable(PrintStream out, List<Vehicle> vehicles) {
    out.println("| # | at (s) | plate | confidence | reads | crop |");
    out.println("|---|---|---|---|---|---|");
    for (Vehicle v : vehicles) {
      out.printf(Locale.ROOT, "| %d | %.1f | %s | %.3f | %d | %s |%n", v.n(), v.seconds(),
          v.read().printed(), v.read().confidence(),
          v.read().nReads(), v.crop() == null ? "" : v.crop());
    }
    out.println(vehicles.size() + " vehicle(s)");
  }

  private static JsonArray rounded(double[] values) {
    JsonArray a = new JsonArray();
    for (double v : values) {
      a.add(round(v, 4));
    }
    return a;
  }

  private static double round(double v, int places) {
    double f = Math.pow(10, places);
    return Math.round(v * f) / f;
  }

  /** Progress on stderr: a line every two seconds of work, and each vehicle as it is decided. */
  static final class Progress {
    private final PrintStream err;
    private final double total;
    private final long started = System.nanoTime();
    private long lastLine = started;

    Progress(PrintStream err, double total) {
      this.err = err;
      this.total = total;
    }

    void frame(double at, Counts c, int vehicles) {
      long now = System.nanoTime();
      if (err == null || now - lastLine < TimeUnit.SECONDS.toNanos(2)) {
        return;
      }
      lastLine = now;
      double wall = (now - started) / 1e9;
      String of = total > 0 ? String.format(Locale.ROOT, " of %.1f s (%.0f%%)", total, 100 * at / total) : "";
      err.printf(Locale.ROOT, "video: %.1f s%s, %d frames (%d read), %d vehicles, %.1f frames/s%n", at, of,
          c.frames, c.read, vehicles, c.frames / Math.max(1e-9, wall));
    }

    void vehicle(Vehicle v) {
      if (err != null) {
        err.printf(Locale.ROOT, "video: vehicle %d at %.1f s: %s (confidence %.3f, %d reads)%n", v.n(),
            v.seconds(), v.read().plate(), v.read().confidence(), v.read().nReads());
      }
    }

    void note(String s) {
      if (err != null) {
        err.println("video: " + s);
      }
    }

    void done(Counts c, int vehicles) {
      if (err != null) {
        err.printf(Locale.ROOT, "video: done: %d frames, %d read by the engine, %d refused, %d vehicles in %.1f s%n",
            c.frames, c.read, c.rejected, vehicles, (System.nanoTime() - started) / 1e9);
      }
    }
  }
}
