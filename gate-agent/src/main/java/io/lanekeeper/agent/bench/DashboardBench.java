package io.lanekeeper.agent.bench;

import io.lanekeeper.agent.anpr.EvalMetrics;
import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.app.Controller;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.config.AppConfig;
import io.lanekeeper.config.ConfigLoader;
import io.lanekeeper.db.EmbeddedDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Many dashboards on one controller: the whole controller (embedded PostgreSQL, the trained models, one push lane)
 * with {@code --clients} WebSocket dashboards connected to {@code /ws} as a viewer, then {@code --reads} plate reads
 * (each with a real crop JPEG, as the engine publishes them) put on the event bus at {@code anpr.read} every
 * {@code --interval-ms}. Each dashboard notes when each read's fact arrives; the figure of the issue is, per read,
 * the time until the <em>last</em> dashboard has it, at p99. The reads also run through the tracker, matcher and
 * store, so the dashboards get their decisions too, as on a real site. The clients run in the same JVM on their own
 * Vert.x instance, so they take CPU from the server: the figures are an upper bound for this machine.
 *
 * <p>It also measures the first load as a browser without cache makes it: the page, then every script and style it
 * names and every module those import, gzip-compressed, timed from the first request to the last byte.
 *
 * <p>{@code lanekeeper bench dashboards [--clients N] [--reads N] [--interval-ms MS] [--md FILE]}
 */
public final class DashboardBench {

  private static final Pattern FRAME_ID = Pattern.compile("\"frameId\":\"bench-(\\d+)\"");
  private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"#?:]+\\.(?:js|css|svg|png|ico))\"");
  private static final Pattern IMPORT = Pattern.compile("(?:import|from)\\s*['\"](\\.{1,2}/[^'\"]+\\.js)['\"]");

  private DashboardBench() {
  }

  public static int run(String[] args, PrintStream out) {
    int clients = 500;
    int reads = 300;
    int intervalMs = 100;
    String md = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--reads" -> reads = Integer.parseInt(args[++i]);
        case "--interval-ms" -> intervalMs = Integer.parseInt(args[++i]);
        case "--md" -> md = args[++i];
        default -> {
          System.err.println("usage: bench dashboards [--clients N] [--reads N] [--interval-ms MS] [--md FILE]");
          return 2;
        }
      }
    }
    if (clients < 1 || reads < 1 || intervalMs < 1) {
      System.err.println("bench dashboards: --clients, --reads and --interval-ms must be positive");
      return 2;
    }
    Vertx server = Vertx.vertx();
    Vertx browsers = Vertx.vertx();
    EmbeddedDatabase pg = null;
    DjlPlateRecognizer recognizer = null;
    try {
      Path dir = Files.createTempDirectory("lk-dashboards");
      pg = EmbeddedDatabase.start(dir.resolve("pg"), 0);
      recognizer = new DjlPlateRecognizer(AnprConfig.defaults());
      String token = UUID.randomUUID().toString();
      JsonObject conf = ConfigLoader.merge(ConfigLoader.defaults(), new JsonObject()
          .put("http", new JsonObject().put("host", "127.0.0.1").put("port", 0).put("tokens", new JsonArray()
              .add(new JsonObject().put("name", "bench").put("role", "viewer")
                  .put("sha256", io.lanekeeper.config.ApiTokens.sha256Hex(token)))))
          .put("dataDir", dir.resolve("data").toString())
          .put("lanes", new JsonArray().add(new JsonObject().put("id", "bench-1").put("name", "Bench")
              .put("formats", new JsonArray().add("BR")).put("camera", new JsonObject().put("type", "push")))));
      Controller controller = Controller.start(server, AppConfig.from(conf), pg.target(), recognizer)
          .await(120, TimeUnit.SECONDS);
      int port = controller.httpPort();
      out.printf("bench dashboards: controller on port %d; connecting %d dashboards%n", port, clients);

      String firstLoad = firstLoad(browsers, port);

      long[] sent = new long[reads];
      final int nClients = clients;
      AtomicLongArray got = new AtomicLongArray(reads * clients);   // [read * clients + dashboard]: arrival
      AtomicInteger snapshots = new AtomicInteger();
      CountDownLatch ready = new CountDownLatch(clients);
      WebSocketClient wsc = browsers.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(clients)
          .setMaxFrameSize(1 << 20).setMaxMessageSize(16 << 20));
      List<WebSocket> sockets = new ArrayList<>();
      long c0 = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        final int me = c;
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws")
            .addHeader("Authorization", "Bearer " + token);
        wsc.connect(o).onSuccess(ws -> {
          synchronized (sockets) {
            sockets.add(ws);
          }
          ws.textMessageHandler(text -> {
            long now = System.nanoTime();
            if (text.startsWith("{\"type\":\"read\"")) {
              Matcher m = FRAME_ID.matcher(text);
              if (m.find()) {
                int seq = Integer.parseInt(m.group(1));
                if (seq < sent.length) {
                  got.set(seq * nClients + me, now);
                }
              }
            } else if (text.contains("\"type\":\"snapshot\"")) {
              snapshots.incrementAndGet();
              ready.countDown();
            }
          });
        }).onFailure(t -> {
          System.err.println("bench dashboards: dashboard " + me + " could not connect: " + t.getMessage());
          ready.countDown();
        });
      }
      if (!ready.await(120, TimeUnit.SECONDS) || snapshots.get() < clients) {
        System.err.printf("bench dashboards: only %d of %d dashboards got their snapshot%n", snapshots.get(), clients);
        return 1;
      }
      double connectS = (System.nanoTime() - c0) / 1e9;
      out.printf("bench dashboards: %d dashboards connected with their snapshot in %.1f s; %d reads, one every %d ms%n",
          clients, connectS, reads, intervalMs);

      byte[] crop = cropJpeg();
      for (int r = 0; r < reads; r++) {
        PlateRead read = new PlateRead("bench-1", "bench-" + r, Instant.now(), String.format("BEN%04d", r % 10_000),
            0.97, new double[] {0.99, 0.98, 0.99, 0.97, 0.99, 0.98, 0.99}, new Box(400, 300, 160, 52), "br-old", crop);
        JsonObject body = read.toJson();
        sent[r] = System.nanoTime();
        server.eventBus().publish(Addresses.ANPR_READ, body);
        Thread.sleep(intervalMs);
        if ((r + 1) % 50 == 0) {
          out.printf("bench dashboards: %d/%d reads published%n", r + 1, reads);
        }
      }
      Thread.sleep(2000);

      List<Double> every = new ArrayList<>();
      double[] lastPerRead = new double[reads];
      long missing = 0;
      for (int r = 0; r < reads; r++) {
        double last = 0;
        for (int c = 0; c < clients; c++) {
          long at = got.get(r * clients + c);
          if (at == 0) {
            missing++;
            last = Double.POSITIVE_INFINITY;
            continue;
          }
          double ms = (at - sent[r]) / 1e6;
          every.add(ms);
          last = Math.max(last, ms);
        }
        lastPerRead[r] = last;
      }
      double[] all = every.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      Arrays.sort(lastPerRead);
      double p99Last = pct(lastPerRead, 0.99);
      boolean ok = missing == 0 && p99Last <= 100;
      String report = String.format("""
          # Dashboards: one read to %d browsers

          `scripts/bench dashboards --clients %d --reads %d --interval-ms %d`: the whole controller (embedded
          PostgreSQL, the trained models, one push lane), %d WebSocket dashboards logged in as a viewer (API token),
          %d plate reads with a %d-byte crop each put on the event bus at `anpr.read`, one every %d ms; each read also
          goes through the tracker, matcher and store, so its decision follows it to every dashboard. The dashboards
          are Vert.x WebSocket clients in the same JVM: they share the machine's %d cores with the server.

          | | p50 | p95 | p99 | max |
          |---|---|---|---|---|
          | read to the last of the %d dashboards | %.1f ms | %.1f ms | **%.1f ms** | %.1f ms |
          | read to one dashboard (all %d deliveries) | %.1f ms | %.1f ms | %.1f ms | %.1f ms |

          %d dashboards connected with their snapshot in %.1f s; %d deliveries missing. Target: p99 under 100 ms to
          every dashboard: %s

          ## First load

          %s
          """, clients, clients, reads, intervalMs, clients, reads, crop.length, intervalMs,
          Runtime.getRuntime().availableProcessors(), clients, pct(lastPerRead, 0.5), pct(lastPerRead, 0.95), p99Last,
          lastPerRead[lastPerRead.length - 1], all.length, pct(all, 0.5), pct(all, 0.95), pct(all, 0.99),
          all.length == 0 ? Double.NaN : all[all.length - 1], clients, connectS, missing,
          ok ? "**met**." : "**not met**.", firstLoad);
      out.print(report);
      if (md != null) {
        Files.writeString(Path.of(md), report);
      }
      sockets.forEach(WebSocket::close);
      controller.stop().await(60, TimeUnit.SECONDS);
      return ok ? 0 : 1;
    } catch (Exception e) {
      System.err.println("bench dashboards: " + e);
      return 1;
    } finally {
      browsers.close().await();
      server.close().await();
      if (recognizer != null) {
        recognizer.close();
      }
      if (pg != null) {
        pg.close();
      }
    }
  }

  /**
   * The page and everything it loads, as a browser without cache fetches it (gzip accepted, six connections): the
   * page, its scripts and styles, then the modules they import, level by level. Returns the report's paragraph.
   */
  static String firstLoad(Vertx vertx, int port) throws Exception {
    HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDecompressionSupported(false)
        .setDefaultHost("127.0.0.1").setDefaultPort(port));
    try {
      long t0 = System.nanoTime();
      Fetched page = fetch(http, "/");
      Set<String> seen = new LinkedHashSet<>();
      List<Fetched> assets = new ArrayList<>();
      List<String> level = new ArrayList<>();
      Matcher m = ASSET.matcher(page.text);
      while (m.find()) {
        String p = resolve("/", m.group(1));
        if (seen.add(p)) {
          level.add(p);
        }
      }
      int levels = 0;
      while (!level.isEmpty()) {
        levels++;
        List<Fetched> got = Future.all(level.stream().map(p -> fetchAsync(http, p)).toList())
            .await(30, TimeUnit.SECONDS).list();
        assets.addAll(got);
        List<String> next = new ArrayList<>();
        for (Fetched f : got) {
          if (!f.path.endsWith(".js")) {
            continue;
          }
          Matcher im = IMPORT.matcher(f.text);
          String base = f.path.substring(0, f.path.lastIndexOf('/') + 1);
          while (im.find()) {
            String p = resolve(base, im.group(1));
            if (seen.add(p)) {
              next.add(p);
            }
          }
        }
        level = next;
      }
      double ms = (System.nanoTime() - t0) / 1e6;
      long wire = page.wireBytes + assets.stream().mapToLong(f -> f.wireBytes).sum();
      long bodies = page.bodyBytes + assets.stream().mapToLong(f -> f.bodyBytes).sum();
      return String.format("""
          The page (`/`) and the %d files it loads (%d levels of module imports), as a browser without cache fetches
          them with gzip: **%.0f ms** from the first request to the last byte, **%.1f kB** on the wire (%.1f kB
          uncompressed). Targets: first load under 1 s, assets under 300 kB compressed. The browser test
          (`BrowserTest`) also prints the page's own navigation timing in headless Chromium.""",
          assets.size(), levels, ms, wire / 1024.0, bodies / 1024.0);
    } finally {
      http.close().await();
    }
  }

  /** A link or import of a page at {@code base} (a folder path ending in '/'), as a server path. */
  private static String resolve(String base, String ref) {
    return java.net.URI.create("http://h" + base).resolve(ref).getPath();
  }

  private record Fetched(String path, String text, long wireBytes, long bodyBytes) {
  }

  private static Fetched fetch(HttpClient http, String path) throws Exception {
    return fetchAsync(http, path).await(30, TimeUnit.SECONDS);
  }

  private static Future<Fetched> fetchAsync(HttpClient http, String path) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
            .addHeader("Accept-Encoding", "gzip"))
        .compose(req -> req.send().compose(resp -> {
          if (resp.statusCode() != 200) {
            return Future.failedFuture(path + ": HTTP " + resp.statusCode());
          }
          boolean gz = "gzip".equalsIgnoreCase(resp.getHeader("Content-Encoding"));
          return resp.body().map(b -> {
            byte[] raw = b.getBytes();
            byte[] plain = gz ? gunzip(raw) : raw;
            return new Fetched(path, new String(plain, java.nio.charset.StandardCharsets.UTF_8), raw.length,
                plain.length);
          });
        }));
  }

  private static byte[] gunzip(byte[] b) {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("bad gzip body: " + e.getMessage(), e);
    }
  }

  /** A plate crop like the engine's: a 192x64 JPEG with dark characters on a light plate. */
  private static byte[] cropJpeg() throws java.io.IOException {
    BufferedImage img = new BufferedImage(192, 64, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(new Color(210, 212, 205));
    g.fillRect(0, 0, 192, 64);
    g.setColor(new Color(30, 30, 30));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
    g.drawString("BEN-0042", 8, 48);
    g.dispose();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(img, "jpg", b);
    return b.toByteArray();
  }

  /** The q-quantile (0..1) by nearest rank; NaN when nothing arrived at all. */
  private static double pct(double[] values, double q) {
    return values.length == 0 ? Double.NaN : EvalMetrics.percentile(values, q * 100);
  }
}
