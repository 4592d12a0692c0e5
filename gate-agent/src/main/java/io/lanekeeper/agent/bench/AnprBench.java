package io.lanekeeper.agent.bench;

import io.lanekeeper.agent.anpr.EvalMetrics;
import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.ImageRejectedException;
import io.lanekeeper.anpr.StageTimes;
import io.lanekeeper.anpr.codec.DecodedImage;
import io.lanekeeper.anpr.codec.ImageCodec;
import io.lanekeeper.anpr.codec.ImageHeader;
import io.lanekeeper.anpr.codec.ImageIoCodec;
import io.lanekeeper.anpr.codec.OpenCvCodec;
import io.lanekeeper.anpr.codec.TurboJpegCodec;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * {@code bench [--images DIR] [--frames N] [--runs N] [--warmup N] [--md FILE] [--formats a,b] [--config FILE]
 * [--detector F] [--ocr F]}: per-stage and whole-frame latency of the engine on 1920x1080 JPEG frames (made from the
 * images of a folder, scaled and padded), with 1 and 2 threads, plus the ImageIO and OpenCV decode and resize times.
 * The frames are read as a lane with {@code --formats} reads them (profiles, countries or regions; none: every
 * format).
 *
 * <p>Each setting first reads {@code --warmup} frames untimed ({@link #DEFAULT_WARMUP}): the figures are those of a
 * device that has been reading for a while, not of a JVM still compiling the engine's Java (the format rules, the
 * crops), which read the OCR stage half again as slow over the first hundred frames. What the first frames after
 * start cost is reported beside them, from the first setting's warm-up (the process's cold start).
 */
public final class AnprBench {

  static final int FRAME_W = 1920;
  static final int FRAME_H = 1080;
  /** Frames read untimed before each setting is measured: enough for the JIT to compile the engine's hot code. */
  static final int DEFAULT_WARMUP = 400;
  /** The cold start's frames reported: the first frames a lane reads after the process started. */
  static final int COLD_FRAMES = 50;

  private AnprBench() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  public static int run(String[] args, PrintStream out) {
    String images = "../shared/datasets/dev-br";
    int frames = 20;
    int runs = 40;
    int warmup = DEFAULT_WARMUP;
    String md = null;
    List<String> formats = List.of();
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--images" -> images = args[++i];
        case "--frames" -> frames = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--md" -> md = args[++i];
        case "--formats" -> formats = List.of(args[++i].split(","));
        default -> rest.add(args[i]);
      }
    }
    try {
      if (runs < 1 || warmup < 0) {
        throw new IllegalArgumentException("--runs must be at least 1 and --warmup at least 0, got " + runs + " and "
            + warmup);
      }
      JsonObject cfgJson = configFrom(rest);
      AnprConfig cfg = AnprConfig.from(cfgJson);
      List<byte[]> jpegs = makeFrames(Path.of(images), frames);
      String setup = String.format(Locale.ROOT, "%d frames of %dx%d from %s, %d runs per setting after %d untimed, "
          + "%d CPUs, formats %s; Java %s, max heap %d MB, MALLOC_ARENA_MAX %s", jpegs.size(), FRAME_W, FRAME_H,
          images, runs, warmup, Runtime.getRuntime().availableProcessors(),
          formats.isEmpty() ? "all (a lane without formats)" : String.join(",", formats),
          Runtime.version(), Runtime.getRuntime().maxMemory() / 1048576,
          System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"));
      out.println("bench: " + setup);
      StringBuilder table = new StringBuilder();
      table.append("| measure | value |\n|---|---|\n");
      // the engine first: its first setting's warm-up is the process's cold start, before any other code ran
      StringBuilder engines = new StringBuilder();
      boolean cold = true;
      for (int threads : new int[] {1, 2}) {
        engine(cfg, jpegs, runs, warmup, threads, formats, engines, cold);
        cold = false;
      }
      if (cfg.threads() == 1) {
        // latency mode: one frame at a time, ONNX Runtime spreading each inference over both cores
        engine(AnprConfig.from(cfgJson.copy().put("threads", 2)), jpegs, runs, warmup, 1, formats, engines, false);
      }
      codecs(cfg, jpegs, runs, warmup, table);
      table.append(engines);
      table.append(row("peak RSS (VmHWM)", readVmHwm()));
      table.append(row("peak heap used", String.format(Locale.ROOT, "%.0f MiB", peakHeap() / 1048576.0)));
      out.print(table);
      if (md != null) {
        Files.writeString(Path.of(md), "# ANPR engine bench\n\n" + setup + ".\n\n" + table);
      }
      return 0;
    } catch (IOException | RuntimeException e) {
      out.println("bench failed: " + e);
      return 2;
    }
  }

  private static JsonObject configFrom(List<String> rest) throws IOException {
    JsonObject j = new JsonObject();
    for (int i = 0; i < rest.size(); i++) {
      String k = rest.get(i);
      if (k.equals("--config")) {
        JsonObject all = new JsonObject(Files.readString(Path.of(rest.get(++i))));
        j = all.containsKey("anpr") ? all.getJsonObject("anpr").copy().mergeIn(j) : all.mergeIn(j);
      } else if (k.startsWith("--") && i + 1 < rest.size()) {
        String v = rest.get(++i);
        j.put(k.substring(2), v.matches("-?\\d+") ? (Object) Long.parseLong(v)
            : v.matches("-?\\d*\\.\\d+") ? (Object) Double.parseDouble(v) : v);
      } else {
        throw new IllegalArgumentException("unknown argument " + k);
      }
    }
    return j;
  }

  private static void codecs(AnprConfig cfg, List<byte[]> jpegs, int runs, int warmup, StringBuilder table) {
    List<ImageCodec> codecs = new ArrayList<>();
    codecs.add(new ImageIoCodec());
    try {
      codecs.add(new OpenCvCodec(cfg.threads()));
    } catch (Throwable e) {
      table.append(row("opencv", "unavailable: " + e));
    }
    try {
      codecs.add(new TurboJpegCodec(cfg.threads()));
    } catch (Throwable e) {
      table.append(row("turbojpeg", "unavailable: " + e));
    }
    int lw = cfg.detectorWidth();
    int lh = (int) Math.round((double) FRAME_H * lw / FRAME_W);
    for (ImageCodec c : codecs) {
      double[] dec = new double[runs];
      double[] res = new double[runs];
      float[] buf = new float[3 * cfg.detectorWidth() * cfg.detectorHeight()];
      for (int i = -warmup; i < runs; i++) {
        byte[] b = jpegs.get(Math.floorMod(i, jpegs.size()));
        try {
          long t0 = System.nanoTime();
          ImageHeader h = ImageHeader.check(b, cfg.maxImageBytes(), cfg.maxPixels());
          try (DecodedImage img = c.decode(b, h)) {
            long t1 = System.nanoTime();
            img.resizeRgbInto(lw, lh, buf, cfg.detectorWidth(), cfg.detectorHeight());
            long t2 = System.nanoTime();
            if (i >= 0) {
              dec[i] = (t1 - t0) / 1e6;
              res[i] = (t2 - t1) / 1e6;
            }
          }
        } catch (ImageRejectedException e) {
          throw new IllegalStateException(e);
        }
      }
      table.append(row(c.name() + " decode 1080p JPEG p50 / p95", ms(dec)));
      table.append(row(c.name() + " resize to " + lw + "x" + lh + " p50 / p95", ms(res)));
    }
  }

  private static void engine(AnprConfig cfg, List<byte[]> jpegs, int runs, int warmup, int threads,
                             List<String> formats, StringBuilder table, boolean cold) throws IOException {
    try (DjlPlateRecognizer r = new DjlPlateRecognizer(cfg)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> warm = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          warm.add(pool.submit(() -> {
            r.warmUp();   // as the controller does at start: each model run once
            return null;
          }));
        }
        for (Future<?> f : warm) {
          f.get();
        }
        String p = threads + " worker" + (threads > 1 ? "s" : "") + " x " + cfg.threads() + " intra-op thread"
            + (cfg.threads() > 1 ? "s" : "") + ", " + r.codecName() + ": ";
        List<StageTimes> first = read(r, pool, threads, jpegs, 0, warmup, formats);
        if (cold && !first.isEmpty()) {
          List<StageTimes> coldest = first.subList(0, Math.min(COLD_FRAMES, first.size()));
          table.append(row(p + "cold start: the first frame after load, whole frame",
              String.format(Locale.ROOT, "%.1f ms", first.getFirst().totalNs() / 1e6)));
          table.append(row(p + "cold start: the first " + coldest.size() + " frames, whole frame p50 / p95",
              ms(coldest.stream().mapToDouble(s -> s.totalNs() / 1e6).toArray())));
          table.append(row(p + "cold start: the first " + coldest.size() + " frames, OCR ms per plate",
              perPlate(coldest.stream().mapToDouble(s -> s.ocrNs() / 1e6).sum(),
                  coldest.stream().mapToLong(StageTimes::boxes).sum())));
        }
        long start = System.nanoTime();
        List<StageTimes> times = read(r, pool, threads, jpegs, warmup, runs, formats);
        double wall = (System.nanoTime() - start) / 1e9;
        if (threads == 1) {
          table.append(row(p + "decode p50 / p95", ms(times.stream().mapToDouble(s -> s.decodeNs() / 1e6).toArray())));
          table.append(row(p + "detect (letterbox + model + peaks) p50 / p95",
              ms(times.stream().mapToDouble(s -> s.detectNs() / 1e6).toArray())));
          table.append(row(p + "refine (box refiner, all boxes in one batch) p50 / p95",
              ms(times.stream().mapToDouble(s -> s.refineNs() / 1e6).toArray())));
          table.append(row(p + "crop (+ crop JPEG) p50 / p95",
              ms(times.stream().mapToDouble(s -> s.cropNs() / 1e6).toArray())));
          table.append(row(p + "OCR batch + format rules p50 / p95",
              ms(times.stream().mapToDouble(s -> s.ocrNs() / 1e6).toArray())));
          long boxes = times.stream().mapToLong(StageTimes::boxes).sum();
          double ocrMs = times.stream().mapToDouble(s -> s.ocrNs() / 1e6).sum();
          long crops = times.stream().mapToLong(StageTimes::ocrCrops).sum();
          long ownOnly = times.stream().mapToLong(StageTimes::ownCropOnly).sum();
          table.append(row(p + "OCR ms per plate (" + boxes + " plates, " + crops + " crops; " + ownOnly
              + " plates read from their own crop alone)", perPlate(ocrMs, boxes)));
          double rulesMs = times.stream().mapToDouble(s -> s.rulesNs() / 1e6).sum();
          table.append(row(p + "of which format rules, ms per plate", perPlate(rulesMs, boxes)));
        }
        table.append(row(p + "whole frame p50 / p95",
            ms(times.stream().mapToDouble(s -> s.totalNs() / 1e6).toArray())));
        table.append(row(p + "frames per second", String.format(Locale.ROOT, "%.1f", times.size() / wall)));
      } catch (Exception e) {
        throw new IllegalStateException("bench run failed: " + e.getMessage(), e);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * Reads {@code count} frames on {@code threads} workers, frame {@code from + i} of the cycle for the i-th, and
   * returns their stage times; on one worker in the order read.
   */
  private static List<StageTimes> read(DjlPlateRecognizer r, ExecutorService pool, int threads, List<byte[]> jpegs,
                                       int from, int count, List<String> formats) throws Exception {
    AtomicInteger next = new AtomicInteger();
    List<Future<List<StageTimes>>> work = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      work.add(pool.submit(() -> {
        List<StageTimes> mine = new ArrayList<>();
        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
          StageTimes st = new StageTimes();
          r.recognize(jpegs.get((from + i) % jpegs.size()), formats, st);
          mine.add(st);
        }
        return mine;
      }));
    }
    List<StageTimes> times = new ArrayList<>();
    for (Future<List<StageTimes>> f : work) {
      times.addAll(f.get());
    }
    return times;
  }

  /** JPEG frames of 1920x1080: each source image scaled to fit and padded with grey, like a camera frame. */
  static List<byte[]> makeFrames(Path dir, int n) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).matches(".*\\.(jpe?g|png)$")).sorted().limit(n)
          .toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no images in " + dir);
    }
    List<byte[]> out = new ArrayList<>();
    for (Path f : files) {
      BufferedImage src = ImageIO.read(f.toFile());
      if (src == null) {
        continue;
      }
      BufferedImage frame = new BufferedImage(FRAME_W, FRAME_H, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = frame.createGraphics();
      g.setColor(Color.GRAY);
      g.fillRect(0, 0, FRAME_W, FRAME_H);
      double s = Math.min((double) FRAME_W / src.getWidth(), (double) FRAME_H / src.getHeight());
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(src, 0, 0, (int) (src.getWidth() * s), (int) (src.getHeight() * s), null);
      g.dispose();
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      ImageIO.write(frame, "jpeg", b);
      out.add(b.toByteArray());
    }
    return out;
  }

  private static String ms(double[] v) {
    return String.format(Locale.ROOT, "%.1f / %.1f ms", EvalMetrics.percentile(v, 50), EvalMetrics.percentile(v, 95));
  }

  /** Milliseconds per plate, to two decimals; "n/a" when no box was read. */
  private static String perPlate(double ms, long boxes) {
    return boxes == 0 ? "n/a (no boxes)" : String.format(Locale.ROOT, "%.2f", ms / boxes);
  }

  private static String row(String k, String v) {
    return "| " + k + " | " + v + " |\n";
  }

  static String readVmHwm() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmHWM:")) {
          return l.substring(6).trim();
        }
      }
    } catch (IOException e) {
      return "n/a (" + e.getMessage() + ")";
    }
    return "n/a";
  }

  private static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
