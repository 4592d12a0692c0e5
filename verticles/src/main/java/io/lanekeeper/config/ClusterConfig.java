package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The site cluster ({@code cluster}): the devices of one car park share one event bus, so that a dashboard on any of
 * them shows every lane, and a manual open from any reaches the lane's barrier (docs/site.md). Off by default: a
 * single device runs as it always has. On, membership runs over JGroups TCP with TLS, the event bus over TLS, both
 * with the node's certificate and trusting only the site's CA, so a host without a certificate of the site cannot
 * join or listen.
 *
 * @param node this device's name in the site ({@code node}; the host name when absent)
 * @param host the address this device listens on and the others reach it at
 * @param busPort the event bus's TCP port ({@code busPort}, 17001)
 * @param clusterPort the membership's TCP port ({@code clusterPort}, 7800)
 * @param members the site's devices as {@code host:clusterPort}, this one among them or not
 * @param keyStore this device's key and certificate, signed by the site's CA (PKCS#12)
 * @param trustStore the site's CA certificate (PKCS#12)
 * @param failureMs how long a silent device is still counted in ({@code failureMs}, 6000: noticed within 8 s)
 */
public record ClusterConfig(boolean enabled, String node, String host, int busPort, int clusterPort,
                            List<Member> members, Path keyStore, String keyStorePassword, Path trustStore,
                            String trustStorePassword, long failureMs) {

  /** A device of the site, as its membership port is reached. */
  public record Member(String host, int port) {
  }

  /** A device's name in its site: letters, digits, dashes and underscores (also {@code lanes.device}'s check, V11). */
  public static final String NODE_NAME = "[A-Za-z0-9_-]{1,64}";
  private static final int MAX_MEMBERS = 64;

  /** No cluster: one device on its own. */
  public static final ClusterConfig OFF = new ClusterConfig(false, null, null, 17001, 7800, List.of(), null, null,
      null, null, 6000);

  public static ClusterConfig from(JsonObject j, String defaultNode) {
    String p = "cluster.";
    if (!Json.bool(j, p, "enabled", false)) {
      return OFF;
    }
    String node = Json.string(j, p, "node", defaultNode);
    if (node == null || !node.matches(NODE_NAME)) {
      throw new ConfigException(p + "node", "must be letters, digits, dashes and underscores, got '" + node + "'");
    }
    String host = Json.requireString(j, p, "host");
    int clusterPort = Json.integer(j, p, "clusterPort", 7800, 1, 65535);
    int busPort = Json.integer(j, p, "busPort", 17001, 1, 65535);
    if (busPort == clusterPort) {
      throw new ConfigException(p + "busPort", "must differ from clusterPort " + clusterPort);
    }
    List<String> list = Json.strings(j, p, "members");
    if (list == null || list.isEmpty()) {
      throw new ConfigException(p + "members", "must list the site's devices as host:port (at least this one)");
    }
    if (list.size() > MAX_MEMBERS) {
      throw new ConfigException(p + "members", "at most " + MAX_MEMBERS + " devices, got " + list.size());
    }
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      members.add(member(list.get(i), p + "members[" + i + "]", clusterPort));
    }
    return new ClusterConfig(true, node, host, busPort, clusterPort, List.copyOf(members),
        Path.of(Json.requireString(j, p, "keyStore")), Json.requireString(j, p, "keyStorePassword"),
        Path.of(Json.requireString(j, p, "trustStore")), Json.requireString(j, p, "trustStorePassword"),
        Json.number(j, p, "failureMs", 6000, 3000, 120_000));
  }

  private static Member member(String s, String key, int defaultPort) {
    String t = s == null ? "" : s.trim();
    int colon = t.lastIndexOf(':');
    String host = colon < 0 ? t : t.substring(0, colon);
    int port = defaultPort;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(t.substring(colon + 1));
      } catch (NumberFormatException e) {
        port = -1;
      }
    }
    if (host.isEmpty() || !host.matches("[A-Za-z0-9._-]{1,253}") || port < 1 || port > 65535) {
      throw new ConfigException(key, "must be host:port of a device of the site, got '" + s + "'");
    }
    return new Member(host, port);
  }
}
