package io.lanekeeper.testing;

import io.lanekeeper.app.SiteCluster;
import io.lanekeeper.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Devices of a test site on loopback, each its own clustered Vert.x with its own ports, as separate processes would
 * be; closed together. The certificates are made by {@code SiteCertificates} with {@link #PASSWORD}.
 */
public final class SiteNodes implements AutoCloseable {

  public static final String PASSWORD = "site-test-pass";

  private final List<SiteCluster.Node> nodes = new ArrayList<>();

  public static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** Ports handed out by {@link #freePort} in this JVM: none twice, even before its device binds it. */
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final int LOWEST_PORT = 10000;

  /**
   * A port no one listens on, below the kernel's ephemeral range ({@code ip_local_port_range}) where there is room:
   * a port of that range (what {@code new ServerSocket(0)} gives) can be taken by any outgoing connection, a database
   * pool's or a browser's, between the pick and the device's bind, seconds later (SiteControllersTest failed so
   * once: "No available port to bind to in range [36307 .. 36307]"). Outgoing connections never take a port below
   * the range.
   */
  public static int freePort() throws Exception {
    int ephemeralLow = ephemeralLow();
    for (int i = 0; i < 200 && ephemeralLow > LOWEST_PORT + 1000; i++) {
      int p = LOWEST_PORT + ThreadLocalRandom.current().nextInt(ephemeralLow - LOWEST_PORT);
      if (!HANDED_OUT.contains(p) && bindable(p) && HANDED_OUT.add(p)) {
        return p;
      }
    }
    try (ServerSocket s = new ServerSocket(0)) {
      HANDED_OUT.add(s.getLocalPort());
      return s.getLocalPort();
    }
  }

  /** The first port of the kernel's ephemeral range, or 0 when it cannot be read (not Linux). */
  private static int ephemeralLow() {
    try {
      return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim()
          .split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A device's cluster section: its certificate from {@code certs}, its membership port, the site's members. */
  public static ClusterConfig config(String node, Path certs, int clusterPort, List<Integer> members,
                                     long failureMs) throws Exception {
    return ClusterConfig.from(new JsonObject().put("enabled", true).put("node", node).put("host", "127.0.0.1")
        .put("clusterPort", clusterPort).put("busPort", freePort())
        .put("members", new JsonArray(members.stream().map(p -> "127.0.0.1:" + p).toList()))
        .put("keyStore", certs.resolve(node + ".p12").toString()).put("keyStorePassword", PASSWORD)
        .put("trustStore", certs.resolve("site-trust.p12").toString()).put("trustStorePassword", PASSWORD)
        .put("failureMs", failureMs), "unused");
  }

  /** Starts a device; it is closed with the others. */
  public SiteCluster.Node start(ClusterConfig c) throws Exception {
    SiteCluster.Node n = await(SiteCluster.start(c, new VertxOptions()));
    nodes.add(n);
    return n;
  }

  @Override
  public void close() throws Exception {
    for (SiteCluster.Node n : nodes) {
      await(n.close().recover(e -> Future.succeededFuture()));
    }
    nodes.clear();
  }
}
