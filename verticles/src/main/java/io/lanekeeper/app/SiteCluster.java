package io.lanekeeper.app;

import io.lanekeeper.config.ClusterConfig;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PfxOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.RegistrationInfo;
import io.vertx.core.spi.cluster.RegistrationListener;
import io.vertx.core.spi.cluster.RegistrationUpdateEvent;
import io.vertx.ext.cluster.infinispan.InfinispanClusterManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.infinispan.configuration.cache.CacheMode;
import org.infinispan.counter.configuration.CounterManagerConfigurationBuilder;
import org.infinispan.lock.configuration.ClusteredLockManagerConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.configuration.parsing.ConfigurationBuilderHolder;
import org.infinispan.factories.GlobalComponentRegistry;
import org.infinispan.manager.DefaultCacheManager;
import org.infinispan.remoting.transport.Transport;
import org.infinispan.remoting.transport.jgroups.JGroupsTransport;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;

/**
 * The Vert.x of a device: on its own when the site has no cluster, else a member of the site's cluster (docs/site.md).
 *
 * <p>Membership is Infinispan over JGroups: TCP to the listed members (no multicast), each connection TLS 1.3 with
 * the device's certificate, the other side's checked against the site's CA both ways ({@code client_auth=NEED}),
 * so a host without a certificate of the site cannot even be discovered. FD_SOCK2 is left out: it would open a
 * plain port; FD_ALL3's heartbeats go through the TLS transport. The event bus between devices is TLS 1.3 too,
 * with the same certificate, trusting only the site's CA (Vert.x trusts all by default: turned off).
 */
public final class SiteCluster {

  private SiteCluster() {
  }

  /** A running Vert.x and, when clustered, its cluster manager and the membership to stop after it. */
  public record Node(Vertx vertx, ClusterManager clusterManager, DefaultCacheManager cacheManager) {

    /** The membership's JGroups channel, or null for a device on its own. */
    public JChannel channel() {
      return cacheManager == null ? null
          : ((JGroupsTransport) GlobalComponentRegistry.componentOf(cacheManager, Transport.class)).getChannel();
    }

    /**
     * Cuts this device off the site as a network cut would (for benchmarks and tests): every membership message to or
     * from another device is dropped from now on, its own loopback stays. The connections stay open underneath.
     */
    public void cut() throws Exception {
      JChannel ch = clustered();
      if (ch.getProtocolStack().findProtocol(DISCARD.class) == null) {
        DISCARD discard = new DISCARD().discardAll(true).excludeItself(true);
        discard.setAddress(ch.getAddress());
        ch.getProtocolStack().insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
      }
    }

    /** Ends a {@link #cut()}: the network is back. */
    public void heal() {
      clustered().getProtocolStack().removeProtocol(DISCARD.class);
    }

    private JChannel clustered() {
      JChannel ch = channel();
      if (ch == null) {
        throw new IllegalStateException("a device on its own has no site to be cut off from");
      }
      return ch;
    }

    /** Closes Vert.x (it leaves the cluster), then the membership. */
    public Future<Void> close() {
      return vertx.close().eventually(() -> {
        if (cacheManager != null) {
          cacheManager.stop();
        }
        return Future.succeededFuture();
      });
    }
  }

  /** Starts this device's Vert.x: clustered as the configuration says, with the given options. */
  public static Future<Node> start(ClusterConfig c, VertxOptions options) {
    if (!c.enabled()) {
      return Future.succeededFuture(new Node(Vertx.vertx(options), null, null));
    }
    DefaultCacheManager cm = cacheManager(c);
    EventBusOptions bus = new EventBusOptions().setHost(c.host()).setPort(c.busPort())
        .setClusterPublicHost(c.host()).setClusterPublicPort(c.busPort())
        .setSsl(true).setTrustAll(false).setClientAuth(ClientAuth.REQUIRED)
        .setEnabledSecureTransportProtocols(Set.of("TLSv1.3"))
        .setKeyCertOptions(new PfxOptions().setPath(c.keyStore().toString()).setPassword(c.keyStorePassword()))
        .setTrustOptions(new PfxOptions().setPath(c.trustStore().toString()).setPassword(c.trustStorePassword()));
    InfinispanClusterManager manager = new Manager(cm, c.host());
    return Vertx.builder().with(new VertxOptions(options).setEventBusOptions(bus))
        .withClusterManager(manager)
        .buildClustered()
        .map(v -> new Node(v, manager, cm))
        .onFailure(e -> cm.stop());
  }

  /**
   * Vert.x's Infinispan cluster manager on Infinispan 15.2, made whole again after a merge.
   *
   * <p>Infinispan 15.2: the 5.0.7 release asks the cache manager for its transport through a method 15.2 made
   * private (5.0.8, built for 15.2, is not in the registry). The two methods that do are answered here through the
   * component registry, as 5.0.8 does.
   *
   * <p>Merges: when a site splits (a device that missed the others at its start, a network cut longer than failure
   * detection), each half forgets the other's consumers and addresses; when the halves merge, Infinispan keeps one
   * half's copy of the replicated maps and drops the other's, and the Vert.x cluster manager announces nothing again
   * (its Hazelcast sibling does). The dropped half's devices were then deaf to the rest for good: their heartbeats
   * still went out, nothing came back (SiteClusterTest shows it). So after a merge every device announces its own
   * address and consumers again, and refreshes what its event bus knows of every address from the merged map. It
   * does so three times (1, 5 and 15 s after the merge: each idempotent), because the merge's state transfer runs
   * on after the new view, and a device may be in the half whose copy is being replaced.
   */
  static final class Manager extends InfinispanClusterManager {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SiteCluster.class);
    private static final long[] REPAIR_AFTER_MS = {1000, 5000, 15000};

    private final DefaultCacheManager cm;
    private final String host;
    /** This device's consumers as announced to the cluster, to announce them again after a merge. */
    private final Map<String, Set<RegistrationInfo>> own = new ConcurrentHashMap<>();
    private volatile Vertx vertx;
    private volatile RegistrationListener listener;

    Manager(DefaultCacheManager cm, String host) {
      super(cm);
      this.cm = cm;
      this.host = host;
      cm.addListener(new Merges());
    }

    @Override
    public void init(Vertx vertx) {
      this.vertx = vertx;
      super.init(vertx);
    }

    @Override
    public synchronized void registrationListener(RegistrationListener registrationListener) {
      this.listener = registrationListener;
      super.registrationListener(registrationListener);
    }

    @Override
    public void addRegistration(String address, RegistrationInfo info, Completable<Void> done) {
      own.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(info);
      super.addRegistration(address, info, done);
    }

    @Override
    public void removeRegistration(String address, RegistrationInfo info, Completable<Void> done) {
      own.computeIfPresent(address, (a, set) -> {
        set.remove(info);
        return set.isEmpty() ? null : set;
      });
      super.removeRegistration(address, info, done);
    }

    /** Announces this device's address and consumers again, then refreshes its event bus's view of every address. */
    Future<Void> reannounce(boolean first) {
      if (!isActive()) {
        return Future.succeededFuture();
      }
      List<Future<Void>> puts = new ArrayList<>();
      NodeInfo info = getNodeInfo();
      if (info != null) {
        puts.add(Future.future(p -> super.setNodeInfo(info, p)));
      }
      own.forEach((address, infos) -> infos.forEach(i -> puts.add(Future.future(p -> super.addRegistration(address,
          i, p)))));
      return Future.join(puts).transform(ar -> refresh()).onSuccess(n -> {
        if (first) {
          LOG.info("Site merged: this device announced its address and its consumers of {} addresses again",
              own.size());
        }
      }).onFailure(e -> LOG.warn("Site merged: announcing this device again failed ({})", e.toString())).mapEmpty();
    }

    /** Every address in the merged map, told to the event bus as it now stands there. */
    private Future<Void> refresh() {
      RegistrationListener l = listener;
      if (l == null) {
        return Future.succeededFuture();
      }
      Set<String> addresses = new java.util.HashSet<>(own.keySet());
      cm.<String, Object>getCache("__vertx.subs").getAdvancedCache()
          .withFlags(org.infinispan.context.Flag.CACHE_MODE_LOCAL).keySet().forEach(addresses::add);
      List<Future<Void>> reads = new ArrayList<>();
      for (String address : addresses) {
        if (l.wantsUpdatesFor(address)) {
          reads.add(Future.<List<RegistrationInfo>>future(p -> getRegistrations(address, p))
              .onSuccess(r -> l.registrationsUpdated(new RegistrationUpdateEvent(address, r))).mapEmpty());
        }
      }
      return Future.join(reads).mapEmpty();
    }

    /** Infinispan's view listener: a merged view schedules the announcements on this device's Vert.x. */
    @org.infinispan.notifications.Listener(sync = false)
    public final class Merges {

      @org.infinispan.notifications.cachemanagerlistener.annotation.Merged
      public void merged(org.infinispan.notifications.cachemanagerlistener.event.MergeEvent e) {
        Vertx v = vertx;
        if (v == null) {
          return;
        }
        LOG.info("Site merged ({} subgroups): announcing this device again", e.getSubgroupsMerged().size());
        for (long ms : REPAIR_AFTER_MS) {
          v.setTimer(ms, t -> reannounce(ms == REPAIR_AFTER_MS[0]));
        }
      }
    }

    @Override
    public List<String> getNodes() {
      return GlobalComponentRegistry.componentOf(cm, Transport.class).getMembers().stream().map(Object::toString)
          .toList();
    }

    @Override
    public String clusterHost() {
      return host;
    }

    @Override
    public String clusterPublicHost() {
      return host;
    }
  }

  /** The caches the Vert.x cluster manager uses, as its own default file declares them, on our JGroups stack. */
  private static DefaultCacheManager cacheManager(ClusterConfig c) {
    ConfigurationBuilderHolder holder = new ConfigurationBuilderHolder();
    GlobalConfigurationBuilder g = holder.getGlobalConfigurationBuilder().clusteredDefault();
    g.transport().defaultTransport().clusterName("lanekeeper-site").nodeName(c.node())
        .addProperty(JGroupsTransport.CONFIGURATION_XML, jgroups(c));
    g.defaultCacheName("distributed-cache");
    // a device that loses the others keeps going on its own (autonomy first): no cache turns itself read-only when
    // half the site is away, as Infinispan's default for locks and counters does
    g.addModule(ClusteredLockManagerConfigurationBuilder.class).reliability(
        org.infinispan.lock.configuration.Reliability.AVAILABLE);
    g.addModule(CounterManagerConfigurationBuilder.class).reliability(
        org.infinispan.counter.configuration.Reliability.AVAILABLE);
    holder.newConfigurationBuilder("distributed-cache").clustering().cacheMode(CacheMode.DIST_SYNC);
    for (String name : new String[] {"__vertx.subs", "__vertx.haInfo", "__vertx.nodeInfo"}) {
      holder.newConfigurationBuilder(name).clustering().cacheMode(CacheMode.REPL_SYNC);
    }
    holder.newConfigurationBuilder("__vertx.distributed.cache.configuration").template(true).clustering()
        .cacheMode(CacheMode.DIST_SYNC);
    return new DefaultCacheManager(holder, true);
  }

  /**
   * The JGroups stack: TCP with TLS to the listed members, failure detection by heartbeats within
   * {@code failureMs} plus a second of verification, so a device that is gone is noticed within 10 s by default.
   */
  static String jgroups(ClusterConfig c) {
    String hosts = c.members().stream().map(m -> m.host() + "[" + m.port() + "]").collect(Collectors.joining(","));
    long interval = Math.max(1000, c.failureMs() / 4);
    return """
        <config xmlns="urn:org:jgroups">
          <TCP bind_addr="%s" bind_port="%d" port_range="0" sock_conn_timeout="3000" diag.enabled="false"
               thread_pool.min_threads="0" thread_pool.max_threads="20" thread_pool.keep_alive_time="30000"
               tls.enabled="true" tls.protocols="TLSv1.3" tls.client_auth="NEED"
               tls.keystore_path="%s" tls.keystore_password="%s" tls.keystore_type="pkcs12"
               tls.truststore_path="%s" tls.truststore_password="%s" tls.truststore_type="pkcs12"/>
          <TCPPING initial_hosts="%s" port_range="0"/>
          <!-- a check every 24 s; 2/6 s and 3/10 s merged sooner but stalled the event bus's deliveries for a second
               or more in bench site (docs/site.md, "A site that splits and merges") -->
          <MERGE3 min_interval="5000" max_interval="15000"/>
          <FD_ALL3 timeout="%d" interval="%d"/>
          <VERIFY_SUSPECT2 timeout="1000"/>
          <pbcast.NAKACK2 use_mcast_xmit="false" xmit_interval="200"/>
          <UNICAST3 xmit_interval="200"/>
          <pbcast.STABLE desired_avg_gossip="5000" max_bytes="1M"/>
          <pbcast.GMS join_timeout="2000" print_local_addr="false"/>
          <UFC max_credits="1M" min_threshold="0.4"/>
          <MFC max_credits="1M" min_threshold="0.4"/>
          <FRAG4 frag_size="60K"/>
        </config>
        """.formatted(xml(c.host()), c.clusterPort(), xml(c.keyStore().toAbsolutePath().toString()),
        xml(c.keyStorePassword()), xml(c.trustStore().toAbsolutePath().toString()), xml(c.trustStorePassword()),
        xml(hosts), c.failureMs(), interval);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
