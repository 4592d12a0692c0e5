package io.lanekeeper.agent.bench;

import io.lanekeeper.agent.anpr.EvalMetrics;
import io.lanekeeper.app.SiteCertificates;
import io.lanekeeper.app.SiteCluster;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.NodeListener;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code lanekeeper bench site [--nodes 3] [--lanes 12] [--rate 2] [--seconds 20] [--splits 3] [--cut-seconds 10]
 * [--md FILE]}: a site cluster of N devices as N processes on this machine (TLS membership and event bus, as
 * configured in the field). N - 1 gate devices publish decisions on their share of the lanes, each lane at the rate
 * given, with a crop of a real decision's size; this process is the dashboard's device and takes the time from each
 * decision's stamp to its arrival here (p50, p99, max; one machine, one clock). Then the first gate device's
 * membership is cut {@code --splits} times (every membership message to or from it dropped,
 * {@link SiteCluster.Node#cut()}) for {@code --cut-seconds} after the site noticed, and healed: the time from the heal
 * until the halves merged, and until its decisions reach this dashboard again. Last, one gate device is killed
 * (SIGKILL, no goodbye) and the time until this device's cluster view drops it is taken. Memory: each process's
 * resident set.
 */
public final class SiteBench {

  /** About a real decision's crop (a 3 kB JPEG, base64). */
  private static final int CROP_BYTES = 3000;
  private static final String PASSWORD = "bench-site-password";

  private SiteBench() {
  }

  public static int run(String[] args, PrintStream out) {
    try {
      return measure(args, out);
    } catch (Exception e) {
      System.err.println("bench site: " + e);
      return 1;
    }
  }

  private static int measure(String[] args, PrintStream out) throws Exception {
    int n = 3;
    int lanes = 12;
    double rate = 2;
    int seconds = 20;
    int splits = 3;
    int cutSeconds = 10;
    String md = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--nodes" -> n = Integer.parseInt(args[++i]);
        case "--lanes" -> lanes = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--splits" -> splits = Integer.parseInt(args[++i]);
        case "--cut-seconds" -> cutSeconds = Integer.parseInt(args[++i]);
        case "--md" -> md = args[++i];
        default -> {
          System.err.println("usage: bench site [--nodes N] [--lanes M] [--rate PER_LANE_PER_S] [--seconds S] "
              + "[--splits K] [--cut-seconds C] [--md FILE]");
          return 2;
        }
      }
    }
    if (n < 2 || n > 16 || lanes < n - 1 || lanes > 256 || rate <= 0 || rate > 100 || seconds < 5 || splits < 0
        || splits > 20 || cutSeconds < 0 || cutSeconds > 600) {
      System.err.println("bench site: 2-16 nodes, at least one lane per gate device, at most 256 lanes, a rate in "
          + "(0, 100] per lane per second, at least 5 s, 0-20 splits of 0-600 s");
      return 2;
    }
    Path certs = Files.createTempDirectory("lanekeeper-site-bench");
    List<String> names = new ArrayList<>();
    names.add("dashboard");
    for (int k = 1; k < n; k++) {
      names.add("gate-" + k);
    }
    out.println("certificates for " + names + " ...");
    SiteCertificates.create(certs, names, PASSWORD);
    List<Integer> ports = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      ports.add(freePort());
    }
    SiteCluster.Node self = SiteCluster.start(config("dashboard", certs, ports.get(0), ports), new VertxOptions())
        .await(120, TimeUnit.SECONDS);
    ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong received = new AtomicLong();
    // when a decision of the first gate device's lanes last arrived here (System.nanoTime), and how many have
    AtomicLong firstGateHeard = new AtomicLong();
    AtomicLong firstGateCount = new AtomicLong();
    boolean[] measuring = {false};
    // site-wide: as the dashboard hears every device's decisions
    self.vertx().eventBus().<JsonObject>consumer(Addresses.ACCESS_DECISION, m -> {
      double ms = java.time.Duration.between(Instant.parse(m.body().getString("decidedAt")), Instant.now())
          .toNanos() / 1e6;
      if (measuring[0]) {
        latencies.add(Math.max(0, ms));
        received.incrementAndGet();
      }
      if (m.body().getString("lane", "").startsWith("gate-1-lane-")) {
        firstGateHeard.set(System.nanoTime());
        firstGateCount.incrementAndGet();
      }
    }).completion().await(30, TimeUnit.SECONDS);
    List<Process> gates = new ArrayList<>();
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    String jar = Path.of(SiteBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    int per = lanes / (n - 1);
    for (int k = 1; k < n; k++) {
      int count = k == n - 1 ? lanes - per * (n - 2) : per;
      List<String> cmd = List.of(javaBin, "-Xmx192m", "-XX:+UseSerialGC", "-cp", jar,
          "io.lanekeeper.agent.bench.SiteBench$Gate", names.get(k), certs.toString(), String.valueOf(ports.get(k)),
          ports.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow(), String.valueOf(count),
          String.valueOf(rate));
      gates.add(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(certs.resolve(names.get(k) + ".log").toFile())).start());
    }
    try {
      out.println("waiting for " + (n - 1) + " gate devices to join ...");
      int all = n;
      if (!waitFor(() -> self.clusterManager().getNodes().size() >= all, 120)) {
        System.err.println("bench site: only " + self.clusterManager().getNodes().size() + " of " + n
            + " devices joined (logs in " + certs + ")");
        return 1;
      }
      Thread.sleep(5000); // the subscriptions spread, the JIT warms
      measuring[0] = true;
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      measuring[0] = false;
      double elapsed = (System.nanoTime() - t0) / 1e9;
      double[] v = latencies.stream().mapToDouble(Double::doubleValue).toArray();
      long rss = rssKb(ProcessHandle.current().pid());
      List<Long> gateRss = gates.stream().map(p -> rssKb(p.pid())).toList();

      String splitTable = splits == 0 ? "" : splits(self, gates.get(0), n, splits, cutSeconds, firstGateHeard,
          firstGateCount, out);

      // one gate device loses its power: no goodbye
      String lost = null;
      CountDownLatch left = new CountDownLatch(1);
      List<String> before = List.copyOf(self.clusterManager().getNodes());
      self.clusterManager().nodeListener(new NodeListener() {
        @Override
        public void nodeAdded(String nodeId) {
        }

        @Override
        public void nodeLeft(String nodeId) {
          left.countDown();
        }
      });
      long k0 = System.nanoTime();
      gates.get(gates.size() - 1).destroyForcibly();
      boolean noticed = left.await(60, TimeUnit.SECONDS);
      double noticeS = (System.nanoTime() - k0) / 1e9;
      lost = names.get(n - 1);

      String table = String.format(Locale.ROOT, """
          | devices | lanes | decisions/s sent | received | a decision to another device's dashboard: p50 / p99 / max \
          | a device lost noticed in | resident memory: dashboard device / each gate device |
          |---|---|---|---|---|---|---|
          | %d | %d | %.0f | %d (%.0f/s) | %.1f / %.1f / %.1f ms | %s | %d MB / %s MB |
          """, n, lanes, lanes * rate, received.get(), received.get() / elapsed, EvalMetrics.percentile(v, 50),
          EvalMetrics.percentile(v, 99), v.length == 0 ? Double.NaN : Arrays.stream(v).max().orElse(0),
          noticed ? String.format(Locale.ROOT, "%.1f s (%s, SIGKILL)", noticeS, lost) : "not within 60 s",
          rss / 1024, gateRss.stream().map(r -> String.valueOf(r / 1024)).reduce((a, b) -> a + ", " + b)
              .orElse("-"));
      out.println(table);
      out.print(splitTable);
      out.println("(" + before.size() + " devices before the loss; TLS 1.3 membership and event bus; gate devices "
          + "with -Xmx192m and the serial GC; each decision carries a " + CROP_BYTES + "-byte crop)");
      if (md != null) {
        Files.writeString(Path.of(md), table + (splitTable.isEmpty() ? "" : "\n" + splitTable));
      }
      return 0;
    } finally {
      gates.forEach(Process::destroyForcibly);
      self.close().await(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Cuts the first gate device's membership and heals it, {@code splits} times: a table of the time until the site
   * noticed, the decisions of that device that still arrived here from then until the heal, and the times from
   * each heal until the site merged (this device's view whole again) and until its decisions arrived here again.
   * The cut is JGroups' (every membership message dropped); the event bus's own TLS connections stay up, so the
   * figures are the merge's and the repair's, without a reconnect (on a LAN, a connection of milliseconds).
   */
  private static String splits(SiteCluster.Node self, Process gate, int n, int splits, int cutSeconds,
                               AtomicLong heard, AtomicLong count, PrintStream out) throws Exception {
    java.io.Writer toGate = new java.io.OutputStreamWriter(gate.getOutputStream(),
        java.nio.charset.StandardCharsets.UTF_8);
    StringBuilder rows = new StringBuilder();
    for (int k = 0; k < splits; k++) {
      long c0 = System.nanoTime();
      toGate.write("cut\n");
      toGate.flush();
      if (!waitFor(() -> self.clusterManager().getNodes().size() == n - 1, 60)) {
        throw new IllegalStateException("split " + (k + 1) + ": gate-1 cut off but still in the site after 60 s");
      }
      long s0 = System.nanoTime();
      double noticed = (s0 - c0) / 1e9;
      // from the split on, each half forgets the other's consumers: what still arrives, and until when
      long atSplit = count.get();
      Thread.sleep(cutSeconds * 1000L);
      long whileSplit = count.get() - atSplit;
      double lastAfter = whileSplit == 0 ? 0 : (heard.get() - s0) / 1e9;
      long h0 = System.nanoTime();
      toGate.write("heal\n");
      toGate.flush();
      boolean whole = waitFor(() -> self.clusterManager().getNodes().size() == n, 120);
      double merged = (System.nanoTime() - h0) / 1e9;
      boolean back = whole && waitFor(() -> heard.get() > h0, 120);
      double flowing = (System.nanoTime() - h0) / 1e9;
      String row = String.format(Locale.ROOT, "| %d | %.1f s | %s | %s | %s |%n", k + 1, noticed,
          whileSplit == 0 ? "0" : String.format(Locale.ROOT, "%d, the last %.2f s after", whileSplit, lastAfter),
          whole ? String.format(Locale.ROOT, "%.1f s", merged) : "not within 120 s",
          back ? String.format(Locale.ROOT, "%.1f s", flowing) : whole ? "not within 120 s" : "-");
      out.print("split " + row);
      rows.append(row);
      if (!back) {
        break;
      }
      // the repair's passes (1, 5 and 15 s after the merge) are over before the next cut
      Thread.sleep(16_000);
    }
    return "| split | noticed in | gate-1's decisions heard here after the split was noticed | merged after the heal "
        + "| its decisions here again after the heal |\n|---|---|---|---|---|\n" + rows;
  }

  private static boolean waitFor(java.util.function.BooleanSupplier done, int seconds) throws InterruptedException {
    long until = System.nanoTime() + seconds * 1_000_000_000L;
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > until) {
        return false;
      }
      Thread.sleep(50);
    }
    return true;
  }

  private static ClusterConfig config(String node, Path certs, int port, List<Integer> ports) {
    return ClusterConfig.from(new JsonObject().put("enabled", true).put("node", node).put("host", "127.0.0.1")
        .put("clusterPort", port).put("busPort", freePort())
        .put("members", new JsonArray(ports.stream().map(p -> "127.0.0.1:" + p).toList()))
        .put("keyStore", certs.resolve(node + ".p12").toString()).put("keyStorePassword", PASSWORD)
        .put("trustStore", certs.resolve("site-trust.p12").toString()).put("trustStorePassword", PASSWORD),
        node);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A process's resident set in kB (Linux), or -1. */
  private static long rssKb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** A gate device of the bench: joins the site and publishes decisions on its lanes at the rate given. */
  public static final class Gate {

    private Gate() {
    }

    public static void main(String[] a) throws Exception {
      String node = a[0];
      Path certs = Path.of(a[1]);
      int port = Integer.parseInt(a[2]);
      List<Integer> ports = Arrays.stream(a[3].split(",")).map(Integer::parseInt).toList();
      int lanes = Integer.parseInt(a[4]);
      double rate = Double.parseDouble(a[5]);
      SiteCluster.Node self = SiteCluster.start(config(node, certs, port, ports), new VertxOptions())
          .await(120, TimeUnit.SECONDS);
      // the bench cuts this device's network and heals it through its standard input
      Thread commands = new Thread(() -> {
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
            java.nio.charset.StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("cut")) {
              self.cut();
            } else if (line.equals("heal")) {
              self.heal();
            }
            System.out.println(Instant.now() + " " + line);
          }
        } catch (Exception e) {
          System.out.println("commands: " + e);
        }
      }, "bench-commands");
      commands.setDaemon(true);
      commands.start();
      byte[] crop = new byte[CROP_BYTES * 3 / 4];
      new java.util.Random(7).nextBytes(crop);
      String cropText = Base64.getEncoder().encodeToString(crop);
      long periodMs = Math.max(1, Math.round(1000 / rate));
      for (int l = 0; l < lanes; l++) {
        String lane = node + "-lane-" + l;
        // the lanes start spread over the period, as cars arrive
        self.vertx().setTimer(1 + (periodMs * l) / lanes, t -> self.vertx().setPeriodic(periodMs, p ->
            self.vertx().eventBus().publish(Addresses.ACCESS_DECISION, new JsonObject()
                .put("vehicleId", java.util.UUID.randomUUID().toString()).put("lane", lane)
                .put("decidedAt", Instant.now().toString()).put("allowed", true).put("reason", "exact")
                .put("matchedPlate", "ABC1234").put("vehicle", new JsonObject().put("plate", "ABC1234")
                    .put("nReads", 3).put("best", new JsonObject().put("crop", cropText))))));
      }
      Future.<Void>future(p -> { }).await();
    }
  }
}
