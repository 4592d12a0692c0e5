package io.lanekeeper.web;

import io.lanekeeper.app.SiteHeartbeat;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Alert;
import io.lanekeeper.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The devices of the site and their lanes, as their heartbeats tell ({@link Addresses#SITE_NODE}): the dashboard of
 * any device draws every lane of the site, marked with the device that holds it, and a device silent for
 * {@link #GONE_MS} is marked away (with an alert) until it beats again. Without a cluster it knows this device
 * only. Bounded: at most {@link #MAX_NODES} devices of {@link #MAX_LANES} lanes each are remembered.
 */
final class SiteDirectory {

  /** Three missed heartbeats: with the check's second, a device gone is noticed within 8 s. */
  static final long GONE_MS = 7000;
  static final int MAX_NODES = 64;
  static final int MAX_LANES = 256;
  /** Lanes alerted one by one for an owner that does not run them; any more share one alert. */
  static final int MAX_OWNER_ALERTS = 16;

  private final Vertx vertx;
  private final String self;
  private final Consumer<JsonObject> changed;
  private final Map<String, Node> nodes = new LinkedHashMap<>();
  /** Lanes two devices say they run, alerted: a lane's camera and barrier must have one device. */
  private final java.util.Set<String> doubled = new java.util.HashSet<>();
  private MessageConsumer<JsonObject> consumer;
  private long timer = -1;
  /** Each lane of the site's database and the device its row names ("" for none), as last read; null before. */
  private Map<String, String> owners;
  /** Lanes no device runs now, since when (ms): alerted once that has held {@link #GONE_MS}. */
  private final Map<String, Long> ownerless = new java.util.HashMap<>();
  /** The owner alerts standing, by their key, with their words. */
  private final Map<String, String> ownerAlerts = new java.util.HashMap<>();

  private static final class Node {
    JsonObject beat;
    long heardMs;
    Instant awaySince;
    /** Known from the site's database (it owns lanes there), not yet heard since this directory started. */
    boolean neverHeard;
  }

  private final long startedMs = System.currentTimeMillis();

  /**
   * @param self this device's name (its heartbeat is not watched for absence), or null
   * @param changed told each device that appears, changes its lanes, goes away or comes back
   */
  SiteDirectory(Vertx vertx, String self, Consumer<JsonObject> changed) {
    this.vertx = vertx;
    this.self = self;
    this.changed = changed;
  }

  Future<Void> start() {
    // site-wide: every device's heartbeat, for the dashboard of each
    consumer = vertx.eventBus().consumer(Addresses.SITE_NODE, m -> heard(m.body()));
    timer = vertx.setPeriodic(1000, t -> check(System.currentTimeMillis()));
    return consumer.completion();
  }

  Future<Void> close() {
    vertx.cancelTimer(timer);
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void heard(JsonObject beat) {
    String name = beat == null ? null : beat.getString("node");
    if (name == null || !name.matches(ClusterConfig.NODE_NAME)
        || !(beat.getValue("lanes") instanceof JsonArray lanes) || lanes.size() > MAX_LANES) {
      return;
    }
    Node n = nodes.get(name);
    if (n == null) {
      if (nodes.size() >= MAX_NODES) {
        return;
      }
      n = new Node();
      nodes.put(name, n);
    }
    boolean news = n.beat == null || n.neverHeard || n.awaySince != null || !n.beat.getValue("lanes").equals(lanes);
    boolean back = n.awaySince != null;
    n.beat = beat.copy();
    n.heardMs = System.currentTimeMillis();
    n.awaySince = null;
    n.neverHeard = false;
    if (back) {
      vertx.eventBus().publish(Addresses.ALERT, Alert.ok("site", name, "device " + name + " is back in the site")
          .toJson());
    }
    if (news) {
      changed.accept(json(name, n));
      checkDoubled();
    }
  }

  /**
   * A lane run by two devices (two devices given one database before lanes are owned per device, or the same lane
   * in two configuration files) decides each car twice and may open one barrier from two places: alerted until it
   * is fixed.
   */
  private void checkDoubled() {
    Map<String, java.util.List<String>> byLane = new java.util.TreeMap<>();
    nodes.forEach((name, n) -> {
      if (n.awaySince == null) {
        laneIdsOf(n).forEach(id -> byLane.computeIfAbsent(id, k -> new java.util.ArrayList<>()).add(name));
      }
    });
    byLane.forEach((lane, devices) -> {
      if (devices.size() > 1 && doubled.add(lane)) {
        vertx.eventBus().publish(Addresses.ALERT, Alert.critical("site", "lane-" + lane, "lane " + lane
            + " runs on devices " + String.join(" and ", devices) + ": a lane must run on one device only")
            .toJson());
      }
    });
    doubled.removeIf(lane -> {
      if (byLane.getOrDefault(lane, java.util.List.of()).size() > 1) {
        return false;
      }
      vertx.eventBus().publish(Addresses.ALERT, Alert.ok("site", "lane-" + lane, "lane " + lane
          + " runs on one device again").toJson());
      return true;
    });
  }

  private void check(long now) {
    nodes.forEach((name, n) -> {
      if (n.awaySince == null && !name.equals(self) && now - n.heardMs > GONE_MS) {
        n.awaySince = Instant.ofEpochMilli(n.heardMs);
        vertx.eventBus().publish(Addresses.ALERT, Alert.critical("site", name, "device " + name
            + (n.neverHeard ? " has not been heard since this device started" : " is away from the site")
            + ": its lanes " + laneIds(n) + " run on it without this dashboard").toJson());
        changed.accept(json(name, n));
        checkDoubled();
      }
    });
    checkOwners(now);
  }

  /**
   * The lanes of the site's database ({@code lanes.device} of each, null for none), read again now and then: a lane
   * that no device runs is alerted once that has held {@link #GONE_MS} (issue #23, "a lane's owner is unknown").
   * At most 4096 are kept (the query's limit).
   */
  void owners(Map<String, String> lanes) {
    Map<String, String> m = new LinkedHashMap<>();
    lanes.forEach((lane, device) -> {
      if (lane != null && m.size() < 4096) {
        m.put(lane, device == null ? "" : device);
      }
    });
    owners = m;
  }

  /**
   * Why no device runs a lane of the site's database, or null when one does or when that is alerted already: a lane
   * some device present runs is fine whatever its row says (a lane on two devices is alerted by
   * {@link #checkDoubled}), and one whose device is away or not yet due waits for that device's own alert.
   */
  private String ownerProblem(String lane, String device, java.util.Set<String> running) {
    if (running.contains(lane)) {
      return null;
    }
    if (device.isEmpty()) {
      return "lane " + lane + " is in the site's database but no device runs it: give it to a device or delete it";
    }
    Node n = nodes.get(device);
    if (n != null && (n.awaySince != null || n.neverHeard)) {
      return null;
    }
    return "lane " + lane + " belongs to device " + device + ", which does not run it: check that device's "
        + "configuration and log";
  }

  private void checkOwners(long now) {
    if (owners == null || now - startedMs < GONE_MS) {
      return;
    }
    // the lanes the devices present run, once per check: each lane of the database is then looked up, not searched
    java.util.Set<String> running = new java.util.HashSet<>();
    nodes.values().forEach(n -> {
      if (n.awaySince == null && !n.neverHeard) {
        laneIdsOf(n).forEach(running::add);
      }
    });
    Map<String, String> problems = new java.util.TreeMap<>();
    owners.forEach((lane, device) -> {
      String why = ownerProblem(lane, device, running);
      if (why != null) {
        problems.put(lane, why);
      }
    });
    ownerless.keySet().retainAll(problems.keySet());
    problems.keySet().forEach(lane -> ownerless.putIfAbsent(lane, now));
    Map<String, String> due = new LinkedHashMap<>();
    java.util.List<String> more = new java.util.ArrayList<>();
    problems.forEach((lane, why) -> {
      if (now - ownerless.get(lane) < GONE_MS) {
        return;
      }
      if (due.size() < MAX_OWNER_ALERTS) {
        due.put("owner-" + lane, why);
      } else {
        more.add(lane);
      }
    });
    if (!more.isEmpty()) {
      due.put("owners-more", more.size() + " more lanes no device runs: " + String.join(", ", more.subList(0,
          Math.min(more.size(), 20))) + (more.size() > 20 ? ", …" : ""));
    }
    due.forEach((key, why) -> {
      if (!why.equals(ownerAlerts.put(key, why))) {
        vertx.eventBus().publish(Addresses.ALERT, Alert.critical("site", key, why).toJson());
      }
    });
    ownerAlerts.keySet().removeIf(key -> {
      if (due.containsKey(key)) {
        return false;
      }
      String lane = key.startsWith("owner-") ? key.substring("owner-".length()) : null;
      vertx.eventBus().publish(Addresses.ALERT, Alert.ok("site", key, lane == null ? "every lane has a device again"
          : owners.containsKey(lane) ? "lane " + lane + " runs on a device again"
          : "lane " + lane + " is no longer in the site's database").toJson());
      return true;
    });
  }

  private static String laneIds(Node n) {
    return String.join(", ", n.beat.getJsonArray("lanes").stream()
        .map(l -> l instanceof JsonObject o ? String.valueOf(o.getString("id")) : "?").toList());
  }

  /** The ids of the lanes a device says it runs (entries without one left out). */
  private static java.util.stream.Stream<String> laneIdsOf(Node n) {
    return n.beat.getJsonArray("lanes").stream()
        .map(l -> l instanceof JsonObject o ? o.getString("id") : null).filter(java.util.Objects::nonNull);
  }

  private JsonObject json(String name, Node n) {
    return new JsonObject().put("node", name).put("self", name.equals(self))
        .put("version", n.beat.getString("version")).put("startedAt", n.beat.getString("startedAt"))
        .put("heardAt", n.neverHeard ? null : Instant.ofEpochMilli(n.heardMs).toString())
        .put("away", n.awaySince != null).put("awaySince", n.awaySince == null ? null : n.awaySince.toString())
        .put("lanes", n.beat.getJsonArray("lanes").copy());
  }

  /**
   * The devices that own lanes in the site's database ({@code lanes.device}), each with the public summary of its
   * lanes there: one not heard within {@link #GONE_MS} of this directory's start is marked away with an alert, as a
   * device that fell silent is, so that a dashboard started while a device is down shows that device and its lanes
   * as away rather than nothing. Devices already heard, and this one, are left as they are.
   */
  void expect(Map<String, JsonArray> devices) {
    devices.forEach((name, lanes) -> {
      if (name == null || name.equals(self) || nodes.containsKey(name) || nodes.size() >= MAX_NODES
          || !name.matches(ClusterConfig.NODE_NAME) || lanes.size() > MAX_LANES) {
        return;
      }
      Node n = new Node();
      n.beat = new JsonObject().put("node", name).put("lanes", lanes.copy()).put("alerts", new JsonArray());
      n.heardMs = startedMs;
      n.neverHeard = true;
      nodes.put(name, n);
    });
  }

  /** A device known from the database only, before it is due: not shown (nor its lanes) until marked away. */
  private static boolean pending(Node n) {
    return n.neverHeard && n.awaySince == null;
  }

  /** Every device known, as the dashboard and {@code /api/site} show them. */
  JsonArray nodes() {
    JsonArray a = new JsonArray();
    nodes.forEach((name, n) -> {
      if (!pending(n)) {
        a.add(json(name, n));
      }
    });
    return a;
  }

  /** The lanes other devices hold (not among {@code own}), each with its device and whether that device is away. */
  JsonArray remoteLanes(java.util.Collection<String> own) {
    JsonArray a = new JsonArray();
    nodes.forEach((name, n) -> {
      if (name.equals(self) || pending(n)) {
        return;
      }
      n.beat.getJsonArray("lanes").forEach(l -> {
        if (l instanceof JsonObject o && o.getString("id") != null && !own.contains(o.getString("id"))) {
          a.add(o.copy().put("device", name).put("away", n.awaySince != null));
        }
      });
    });
    return a;
  }

  /** The device of the site that runs a lane {@code here} does not run, or null (here's, or no device's). */
  String elsewhere(LaneDirectory here, String lane) {
    return lane == null || here.get(lane) != null ? null : deviceOf(lane);
  }

  /** The device that holds a lane this device does not, or null. */
  String deviceOf(String lane) {
    for (Map.Entry<String, Node> e : nodes.entrySet()) {
      if (!e.getKey().equals(self) && laneIdsOf(e.getValue()).anyMatch(lane::equals)) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * The active alerts other devices told in their last heartbeat (at most {@link SiteHeartbeat#MAX_ALERTS} each),
   * each marked with its device: a dashboard opened or reloaded lists them beside this device's own, and the live
   * feed raises and clears them from then on. A device away keeps the alerts it last told.
   */
  JsonArray remoteAlerts() {
    JsonArray a = new JsonArray();
    nodes.forEach((name, n) -> {
      if (!name.equals(self) && n.beat.getValue("alerts") instanceof JsonArray alerts) {
        alerts.stream().limit(SiteHeartbeat.MAX_ALERTS)
            .forEach(o -> {
              if (o instanceof JsonObject j && j.getString("id") != null) {
                a.add(j.copy().put("node", name));
              }
            });
      }
    });
    return a;
  }

  /**
   * Whether a device of the site is away now: silent past {@link #GONE_MS}, or owning lanes in the site's database
   * and not heard within {@link #GONE_MS} of this directory's start; false for a device this directory does not know.
   */
  boolean away(String device) {
    Node n = nodes.get(device);
    return n != null && n.awaySince != null;
  }

  String self() {
    return self;
  }

  /**
   * Why a lane cannot be given to a device of the site now, or null when it can: the device must be one whose
   * heartbeat is heard (its controller checks and runs the lane), not away.
   */
  String cannotTake(String device) {
    Node n = nodes.get(device);
    if (n == null || pending(n) || n.beat == null) {
      return "no device '" + device + "' in the site" + (nodes.isEmpty() ? "" : " (devices: " + String.join(", ",
          nodes.keySet().stream().filter(k -> !pending(nodes.get(k))).toList()) + ")");
    }
    return n.awaySince != null ? "device " + device + " is away from the site: add the lane when it is back" : null;
  }
}
