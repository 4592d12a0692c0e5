package io.lanekeeper.alerts;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Alert;
import io.lanekeeper.bus.AlertState;
import io.lanekeeper.bus.LotOccupancy;
import io.lanekeeper.config.AlertsConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that knows which alerts are active. It raises each once and clears it once, on
 * {@link Addresses#ALERT_STATE}, from what the parts report ({@link Addresses#ALERT}: a camera down, the embedded
 * database restarting, a registry row the matcher cannot read; level {@code ok} clears) and from what it watches
 * itself: a camera silent, a gate in fault, a lot full, a deny-listed plate seen (a notice that clears by itself),
 * the database not taking writes, the outbox growing, the data disk nearly full. Dashboards, MQTT, e-mail and the
 * webhook all take their alerts from here.
 */
public class AlertVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AlertVerticle.class);
  static final long CHECK_MS = 2000;
  static final long DISK_CHECK_MS = 30_000;
  /** A camera that has not reported its status this long is gone (its lane removed or disabled). */
  static final long CAMERA_GONE_MS = 15_000;

  private final AlertsConfig cfg;
  private final Path dataDir;
  private final Map<String, AlertState> active = new LinkedHashMap<>();
  private final Map<String, JsonObject> cameras = new HashMap<>();
  private final Map<String, Long> cameraHeard = new HashMap<>();
  /** When each active notice clears by itself. */
  private final Map<String, Long> noticeEnds = new HashMap<>();
  private long databaseBadSince = -1;
  private long lastDiskCheck;
  private boolean checking;
  private long timer = -1;

  /** This device's name in its site, or null (on its own). */
  private String node;

  /**
   * In a site, every dashboard shows every device's alerts: each says its device ({@code node}), so that two
   * devices' alert of one kind stay two, each raised and cleared by its own device.
   */
  public AlertVerticle node(String name) {
    this.node = name;
    return this;
  }

  private JsonObject json(AlertState a) {
    JsonObject j = a.toJson();
    return node == null ? j : j.put("node", node);
  }

  public AlertVerticle(AlertsConfig cfg, Path dataDir) {
    this.cfg = cfg;
    this.dataDir = dataDir;
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    bus.<JsonObject>localConsumer(Addresses.ALERT, m -> report(Alert.fromJson(m.body())));
    bus.<JsonObject>localConsumer(Addresses.ALERT_LIST, m -> m.reply(list()));
    bus.<JsonObject>localConsumer(Addresses.CAMERA_STATUS, m -> {
      String lane = m.body().getString("lane");
      if (lane != null) {
        cameras.put(lane, m.body());
        cameraHeard.put(lane, System.currentTimeMillis());
      }
    });
    bus.<JsonObject>localConsumer(Addresses.GATE_STATE, m -> gate(m.body()));
    bus.<JsonObject>localConsumer(Addresses.LOT_OCCUPANCY, m -> lot(LotOccupancy.fromJson(m.body())));
    bus.<JsonObject>localConsumer(Addresses.ACCESS_DECISION, m -> decision(AccessDecision.fromJson(m.body())));
    timer = vertx.setPeriodic(CHECK_MS, t -> check());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  /** The active alerts, critical first, then oldest first. */
  JsonObject list() {
    List<AlertState> all = new ArrayList<>(active.values());
    all.sort(Comparator.comparing((AlertState a) -> "critical".equals(a.level()) ? 0 : 1)
        .thenComparing(AlertState::since));
    JsonArray out = new JsonArray();
    all.forEach(a -> out.add(json(a)));
    return new JsonObject().put("alerts", out);
  }

  private void report(Alert a) {
    if ("ok".equals(a.level())) {
      clear(a.source() + ":" + a.key(), a.message());
    } else {
      raise(a.source(), a.key(), "camera".equals(a.source()) ? a.key() : null, a.level(), a.message(), a.at());
    }
  }

  /** Raises the alert, or publishes it again when its level or words changed; nothing when it stands as it is. */
  void raise(String source, String key, String lane, String level, String message, Instant since) {
    String id = source + ":" + key;
    AlertState was = active.get(id);
    if (was != null && was.level().equals(level) && was.message().equals(message)) {
      return;
    }
    AlertState now = new AlertState(id, source, key, lane, "critical".equals(level) ? "critical" : "warning",
        message, was == null ? since : was.since(), Instant.now(), true);
    active.put(id, now);
    if (was == null) {
      LOG.warn("Alert raised ({}): {}", now.level(), message);
    }
    vertx.eventBus().publish(Addresses.ALERT_STATE, json(now));
  }

  void clear(String id, String message) {
    AlertState was = active.remove(id);
    noticeEnds.remove(id);
    if (was == null) {
      return;
    }
    AlertState now = new AlertState(id, was.source(), was.key(), was.lane(), was.level(),
        message == null ? was.message() : message, was.since(), Instant.now(), false);
    LOG.info("Alert cleared: {}", now.message());
    vertx.eventBus().publish(Addresses.ALERT_STATE, json(now));
  }

  private void gate(JsonObject g) {
    String lane = g.getString("lane");
    if (lane == null) {
      return;
    }
    if ("fault".equals(g.getString("state"))) {
      raise("gate", lane, lane, "critical", "the barrier of lane " + lane + " is in fault: " + g.getString("fault")
          + "; only a person may open or reset it", Instant.now());
    } else {
      clear("gate:" + lane, "the barrier of lane " + lane + " is out of fault (" + g.getString("state") + ")");
    }
  }

  private void lot(LotOccupancy o) {
    if (o.capacity() != null && o.occupancy() >= o.capacity()) {
      raise("lot", o.lot(), null, "warning", "lot " + o.lot() + " is full (capacity " + o.capacity()
          + "): only reservations get in", Instant.now());
    } else {
      clear("lot:" + o.lot(), "lot " + o.lot() + " has room again (" + o.occupancy() + " of "
          + (o.capacity() == null ? "no limit" : o.capacity()) + ")");
    }
  }

  private void decision(AccessDecision d) {
    if (d.allowed() || d.reason() == null || !d.reason().startsWith("deny-listed")) {
      return;
    }
    String plate = d.matchedPlate() != null ? d.matchedPlate() : d.vehicle() == null ? "?" : d.vehicle().plate();
    raise("denylisted", d.lane(), d.lane(), "warning", "deny-listed plate " + plate + " refused at lane " + d.lane()
        + " (" + d.reason() + ")", d.decidedAt());
    noticeEnds.put("denylisted:" + d.lane(), System.currentTimeMillis() + cfg.noticeMs());
  }

  private void check() {
    long now = System.currentTimeMillis();
    noticeEnds.entrySet().stream().filter(e -> e.getValue() <= now).map(Map.Entry::getKey).toList()
        .forEach(id -> clear(id, null));
    cameras();
    if (checking) {
      return;
    }
    checking = true;
    boolean disk = now - lastDiskCheck >= DISK_CHECK_MS;
    if (disk) {
      lastDiskCheck = now;
    }
    Future<Void> db = vertx.eventBus().<JsonObject>request(Addresses.HEALTH_DATABASE, new JsonObject(),
        new DeliveryOptions().setSendTimeout(CHECK_MS)).map(m -> {
          store(m.body(), now);
          return (Void) null;
        }).otherwiseEmpty();
    Future<Void> space = disk ? vertx.executeBlocking(this::diskFree).map(free -> {
      disk(free);
      return (Void) null;
    }).otherwiseEmpty() : Future.succeededFuture();
    Future.join(db, space).onComplete(ar -> checking = false);
  }

  /** Pulling cameras that give no frames, while they say they are up (down is the camera's own alert). */
  private void cameras() {
    long now = System.currentTimeMillis();
    for (String lane : List.copyOf(cameras.keySet())) {
      JsonObject c = cameras.get(lane);
      if (now - cameraHeard.getOrDefault(lane, 0L) > CAMERA_GONE_MS) {
        cameras.remove(lane);
        clear("camera-silent:" + lane, "the camera of lane " + lane + " no longer runs here");
        continue;
      }
      String last = c.getString("lastFrameAt");
      boolean pulls = !"push".equals(c.getString("source"));
      long lastMs = last == null ? -1 : Instant.parse(last).toEpochMilli();
      if (pulls && c.getBoolean("up", false) && lastMs > 0 && now - lastMs > cfg.cameraSilentMs()) {
        raise("camera-silent", lane, lane, "warning", "the camera of lane " + lane + " has given no frame since "
            + Instant.ofEpochMilli(lastMs), Instant.ofEpochMilli(lastMs));
      } else if (lastMs > 0 && now - lastMs <= cfg.cameraSilentMs()) {
        clear("camera-silent:" + lane, "the camera of lane " + lane + " gives frames again");
      }
    }
  }

  private void store(JsonObject s, long now) {
    if (s == null) {
      return;
    }
    if ("UP".equals(s.getString("status"))) {
      databaseBadSince = -1;
      clear("database:store", "the database takes writes again");
    } else {
      if (databaseBadSince < 0) {
        databaseBadSince = now;
      }
      if (now - databaseBadSince >= cfg.databaseDownMs()) {
        raise("database", "store", null, "critical", "the database does not take writes (" + s.getString("detail")
            + "): decisions go on, events wait in the outbox", Instant.ofEpochMilli(databaseBadSince));
      }
    }
    int outbox = s.getInteger("outbox", 0);
    if (outbox >= cfg.outboxWarn()) {
      raise("outbox", "store", null, "warning", "more than " + cfg.outboxWarn()
          + " writes wait in the outbox for the database", Instant.now());
    } else if (outbox < cfg.outboxWarn() / 2) {
      clear("outbox:store", "the outbox is down to " + outbox + " writes");
    }
  }

  /** Free and total bytes of the data directory's disk. */
  private long[] diskFree() throws IOException {
    Path p = dataDir;
    while (p != null && !Files.exists(p)) {
      p = p.toAbsolutePath().getParent();
    }
    var store = Files.getFileStore(p == null ? Path.of(".") : p);
    return new long[] {store.getUsableSpace(), store.getTotalSpace()};
  }

  private void disk(long[] space) {
    long free = space[0];
    long threshold = Math.max(cfg.diskMinFreeMb() << 20, space[1] / 100 * cfg.diskMinFreePercent());
    if (free < threshold) {
      raise("disk", "data", null, "critical", "the disk of the data directory " + dataDir + " is nearly full: less "
          + "than " + (threshold >> 20) + " MB free", Instant.now());
    } else if (free > threshold + threshold / 5) {
      clear("disk:data", "the disk of the data directory has " + (free >> 20) + " MB free again");
    }
  }
}
