package io.lanekeeper.testing;

import io.lanekeeper.app.SiteCluster;
import io.lanekeeper.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /** A device's cluster section: its certificate from {@code certs}, its membership port, the site's members. */
  public static ClusterConfig config(String node, Path certs, int clusterPort, List<Integer> members,
                                     long failureMs) throws Exception {
    return ClusterConfig.from(new JsonObject().put("enabled", true).put("node", node).put("host", "127.0.0.1")
        .put("clusterPort", clusterPort).put("busPort", Ports.freePort())
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
