package io.lanekeeper.mqtt;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.LotOccupancy;
import io.lanekeeper.bus.RelaySwitch;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.MqttConfig;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttException;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device on the site's MQTT broker. Publishes reads, decisions and gate actions on
 * {@code <prefix>/<lane>/event}; the gate state ({@code <prefix>/<lane>/gate/state}), the last plate, lot occupancy,
 * the device's health and its availability retained (the broker's last will says {@code offline}); Home Assistant
 * discovery for each lane; takes gate commands from {@code <prefix>/<lane>/gate/set}; switches relays for gates
 * whose driver is {@code mqtt} ({@link Addresses#MQTT_RELAY}).
 *
 * <p>Never blocks anyone: with the broker away, QoS 1 messages wait in a bounded queue (oldest dropped first),
 * retained state is kept as the latest value per topic and published again after every (re)connect, reads (QoS 0)
 * are dropped, and a relay switch fails at once. What the broker had not acknowledged when a connection ended is sent
 * again after the reconnect (at least once; a relay switch fails instead, as a late pulse is worse than none).
 * Reconnects with exponential backoff and jitter.
 *
 * <p>Config: {@link MqttConfig} and the lanes, given at construction.
 */
public class MqttVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MqttVerticle.class);
  static final int MAX_INFLIGHT = 100;
  static final int MAX_COMMAND_BYTES = 1024;
  static final long HEALTH_INTERVAL_MS = 30_000;

  private record Out(String topic, Buffer payload, MqttQoS qos, boolean retain, Promise<Void> acked) {
  }

  private final MqttConfig cfg;
  private final Map<String, LaneConfig> lanes = new LinkedHashMap<>();
  private MqttClient client;
  private boolean connected;
  private boolean stopping;
  private long backoffMs;
  private long reconnectTimer = -1;
  private long healthTimer = -1;
  /** QoS 1 messages handed to the current connection and not yet acknowledged, in the order sent. */
  private final List<Out> unacked = new ArrayList<>();
  private final Map<Integer, Out> byPacket = new HashMap<>();
  private final BiFunction<Vertx, MqttClientOptions, MqttClient> clients;
  private long droppedQueued;
  private final Deque<Out> queue = new ArrayDeque<>();
  private final Map<String, Buffer> retained = new LinkedHashMap<>();
  private final Map<String, JsonObject> cameras = new LinkedHashMap<>();
  /** The alerts active now, by id: retained on {@code <prefix>/alerts}. */
  private final Map<String, JsonObject> activeAlerts = new LinkedHashMap<>();

  public MqttVerticle(MqttConfig cfg, List<LaneConfig> lanes) {
    this(cfg, lanes, MqttClient::create);
  }

  /** With the clients made by {@code clients}: tests wrap the real client to fail a write when they choose. */
  MqttVerticle(MqttConfig cfg, List<LaneConfig> lanes, BiFunction<Vertx, MqttClientOptions, MqttClient> clients) {
    this.cfg = cfg;
    this.clients = clients;
    lanes.forEach(l -> this.lanes.put(l.id(), l));
  }

  @Override
  public Future<?> start() {
    backoffMs = cfg.reconnectMinMs();
    var bus = vertx.eventBus();
    bus.<JsonObject>localConsumer(Addresses.ANPR_READ, m -> onRead(m.body()));
    bus.<JsonObject>localConsumer(Addresses.ACCESS_DECISION, m -> onDecision(AccessDecision.fromJson(m.body())));
    bus.<JsonObject>localConsumer(Addresses.GATE_ACTION, m -> onEvent(m.body().getString("lane"),
        m.body().copy().put("type", "gate"), MqttQoS.AT_LEAST_ONCE));
    bus.<JsonObject>localConsumer(Addresses.GATE_STATE, m -> retain(topic(m.body().getString("lane"), "gate/state"),
        m.body()));
    bus.<JsonObject>localConsumer(Addresses.LOT_OCCUPANCY, m -> retain(cfg.prefix() + "/lot/"
        + LotOccupancy.fromJson(m.body()).lot() + "/occupancy", m.body()));
    bus.<JsonObject>localConsumer(Addresses.CAMERA_STATUS, m -> cameras.put(m.body().getString("lane"), m.body()));
    bus.<JsonObject>localConsumer(Addresses.MQTT_RELAY, this::onRelay);
    // each raise and clear once, as it happens; and the alerts active now, retained, for whoever subscribes later
    bus.<JsonObject>localConsumer(Addresses.ALERT_STATE, m -> {
      send(new Out(cfg.prefix() + "/alert", m.body().toBuffer(), MqttQoS.AT_LEAST_ONCE, false, null));
      if (m.body().getBoolean("active", false)) {
        activeAlerts.put(m.body().getString("id"), m.body());
      } else {
        activeAlerts.remove(m.body().getString("id"));
      }
      retain(cfg.prefix() + "/alerts", new JsonObject().put("count", activeAlerts.size())
          .put("worst", activeAlerts.values().stream().anyMatch(a -> "critical".equals(a.getString("level")))
              ? "critical" : activeAlerts.isEmpty() ? "none" : "warning")
          .put("alerts", new io.vertx.core.json.JsonArray(List.copyOf(activeAlerts.values()))));
    });
    // an admin changed a lane: its commands are taken from now, Home Assistant hears its new name
    bus.<JsonObject>localConsumer(Addresses.lanesChanged("mqtt"), m -> {
      LaneConfig l = LaneConfig.from(m.body(), "lane.");
      lanes.put(l.id(), l);
      if (cfg.discoveryPrefix() != null) {
        Discovery.configs(cfg, l).forEach(this::retain);
      }
      m.reply(new JsonObject());
    });
    retain(availabilityTopic(), Buffer.buffer("online"));
    if (cfg.discoveryPrefix() != null) {
      lanes.values().forEach(l -> Discovery.configs(cfg, l).forEach(this::retain));
    }
    healthTimer = vertx.setPeriodic(1000, HEALTH_INTERVAL_MS, t -> publishHealth());
    connect();
    return Future.succeededFuture();
  }

  String availabilityTopic() {
    return cfg.prefix() + "/device/" + cfg.deviceId() + "/availability";
  }

  private String topic(String lane, String leaf) {
    return cfg.prefix() + "/" + lane + "/" + leaf;
  }

  // ---- connection

  private void connect() {
    if (stopping) {
      return;
    }
    MqttClientOptions o = new MqttClientOptions()
        .setClientId("lanekeeper-" + cfg.deviceId())
        .setCleanSession(true)
        .setKeepAliveInterval(cfg.keepAliveSeconds())
        .setMaxInflightQueue(MAX_INFLIGHT)
        .setWillFlag(true).setWillTopic(availabilityTopic()).setWillMessageBytes(Buffer.buffer("offline"))
        .setWillQoS(1).setWillRetain(true);
    o.setConnectTimeout(5000);
    o.setSsl(cfg.ssl());
    if (cfg.username() != null) {
      o.setUsername(cfg.username()).setPassword(cfg.password());
    }
    MqttClient c = clients.apply(vertx, o);
    client = c;
    // a connection given up may still report; only the current one counts
    c.publishCompletionHandler(id -> {
      if (client == c) {
        acked(id);
      }
    });
    c.publishCompletionExpirationHandler(id -> drop(c, "the broker did not acknowledge in time"));
    c.publishHandler(this::onMessage);
    c.closeHandler(v -> {
      if (client == c) {
        disconnected("connection closed");
      }
    });
    c.exceptionHandler(e -> LOG.debug("MQTT: {}", e.toString()));
    c.connect(cfg.port(), cfg.host()).onComplete(ar -> {
      if (client != c) {
        return;
      }
      if (ar.failed()) {
        disconnected(ar.cause().getMessage());
        return;
      }
      connected = true;
      backoffMs = cfg.reconnectMinMs();
      LOG.info("MQTT connected to {}:{} as {}", cfg.host(), cfg.port(), c.clientId());
      if (cfg.commands()) {
        c.subscribe(cfg.prefix() + "/+/gate/set", 1);
      }
      // retained state first, then what waited, in order
      Deque<Out> again = new ArrayDeque<>();
      retained.forEach((t, p) -> again.add(new Out(t, p, MqttQoS.AT_LEAST_ONCE, true, null)));
      again.addAll(queue);
      queue.clear();
      queue.addAll(again);
      pump();
    });
  }

  private void disconnected(String why) {
    boolean was = connected;
    connected = false;
    // what the broker never acknowledged goes again, first and in its order; retained state goes again anyway
    for (int i = unacked.size() - 1; i >= 0; i--) {
      Out o = unacked.get(i);
      if (o.acked() != null) {
        o.acked().tryFail("the MQTT connection closed");
      } else if (!o.retain()) {
        queue.addFirst(o);
      }
    }
    unacked.clear();
    byPacket.clear();
    while (queue.size() > cfg.maxQueue()) {
      queue.pollFirst();
      droppedQueued++;
    }
    if (stopping || reconnectTimer >= 0) {
      return;
    }
    long delay = backoffMs / 2 + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1);
    if (was) {
      LOG.warn("MQTT connection to {}:{} lost ({}); reconnecting", cfg.host(), cfg.port(), why);
    } else {
      LOG.warn("MQTT broker {}:{} unreachable ({}); next try in {} ms", cfg.host(), cfg.port(), why, delay);
    }
    backoffMs = Math.min(cfg.reconnectMaxMs(), backoffMs * 2);
    reconnectTimer = vertx.setTimer(delay, t -> {
      reconnectTimer = -1;
      connect();
    });
  }

  /**
   * Gives up connection {@code c}: a write on it failed, or the broker stopped acknowledging. Reconnects; what was not
   * acknowledged goes again on the new connection.
   */
  private void drop(MqttClient c, String why) {
    if (client != c) {
      return;
    }
    client = null;
    disconnected(why);
    c.disconnect().onFailure(e -> LOG.debug("MQTT: closing a failed connection: {}", e.toString()));
  }

  // ---- publishing

  private void retain(String topic, JsonObject body) {
    retain(topic, body.toBuffer());
  }

  private void retain(String topic, Buffer payload) {
    Buffer before = retained.put(topic, payload);
    if (!payload.equals(before)) {
      send(new Out(topic, payload, MqttQoS.AT_LEAST_ONCE, true, null));
    }
  }

  private void send(Out o) {
    if (o.qos() == MqttQoS.AT_MOST_ONCE) {
      if (connected && unacked.size() < MAX_INFLIGHT) {
        try {
          client.publish(o.topic(), o.payload(), o.qos(), false, false);
        } catch (RuntimeException e) {
          LOG.debug("MQTT: a read not sent: {}", e.toString());
        }
      }
      return;
    }
    if (o.retain()) {
      // a newer value of the same retained topic replaces one still waiting
      queue.removeIf(q -> q.retain() && q.topic().equals(o.topic()));
    }
    if (queue.size() >= cfg.maxQueue()) {
      queue.pollFirst();
      if (droppedQueued++ % 1000 == 0) {
        LOG.error("MQTT queue full ({} messages): the oldest dropped, {} so far", cfg.maxQueue(), droppedQueued);
      }
    }
    queue.addLast(o);
    pump();
  }

  private void pump() {
    while (connected && unacked.size() < MAX_INFLIGHT && !queue.isEmpty()) {
      Out o = queue.pollFirst();
      MqttClient c = client;
      unacked.add(o);
      Future<Integer> f;
      try {
        f = c.publish(o.topic(), o.payload(), o.qos(), false, o.retain());
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      // a write on a dead connection fails at once, inside this loop: it ends the connection, so the loop ends
      f.onComplete(ar -> published(c, o, ar.succeeded() ? ar.result() : null, ar.cause()));
    }
  }

  private void published(MqttClient c, Out o, Integer packetId, Throwable failure) {
    if (client != c || !unackedHas(o)) {
      return; // that connection was given up: disconnected() put it back in the queue
    }
    if (failure == null) {
      byPacket.put(packetId, o);
    } else if (failure instanceof MqttException e && e.code() != MqttException.MQTT_INFLIGHT_QUEUE_FULL) {
      // the client's own checks refused this message (a topic it will never take): no retry would help
      unackedRemove(o);
      LOG.error("MQTT: a message on {} was refused: {}", o.topic(), e.getMessage());
      if (o.acked() != null) {
        o.acked().tryFail(e.getMessage());
      }
      vertx.runOnContext(v -> pump());
    } else {
      drop(c, "a write failed: " + failure);
    }
  }

  private void acked(int packetId) {
    Out o = byPacket.remove(packetId);
    if (o != null) {
      unackedRemove(o);
      if (o.acked() != null) {
        o.acked().tryComplete();
      }
    }
    pump();
  }

  private boolean unackedHas(Out o) {
    for (Out u : unacked) {
      if (u == o) {
        return true;
      }
    }
    return false;
  }

  private void unackedRemove(Out o) {
    for (int i = 0; i < unacked.size(); i++) {
      if (unacked.get(i) == o) {
        unacked.remove(i);
        return;
      }
    }
  }

  private void onRead(JsonObject r) {
    JsonObject e = new JsonObject().put("type", "read").put("lane", r.getString("lane"))
        .put("frameId", r.getString("frameId")).put("at", r.getString("capturedAt")).put("plate", r.getString("plate"))
        .put("confidence", r.getValue("confidence")).put("format", r.getString("format"));
    onEvent(r.getString("lane"), e, MqttQoS.AT_MOST_ONCE);
  }

  private void onDecision(AccessDecision d) {
    JsonObject e = new JsonObject().put("type", "decision").put("eventId", d.eventId().toString())
        .put("lane", d.lane()).put("at", d.decidedAt().toString()).put("plate", d.vehicle().plate())
        .put("allowed", d.allowed()).put("reason", d.reason()).put("matchedPlate", d.matchedPlate())
        .put("distance", d.distance() < 0 ? null : d.distance()).put("confidence", d.vehicle().confidence())
        .put("reads", d.vehicle().nReads());
    onEvent(d.lane(), e, MqttQoS.AT_LEAST_ONCE);
    retain(topic(d.lane(), "last_plate"), new JsonObject().put("plate", d.vehicle().plate())
        .put("allowed", d.allowed()).put("reason", d.reason()).put("at", d.decidedAt().toString()));
  }

  private void onEvent(String lane, JsonObject body, MqttQoS qos) {
    if (lane == null) {
      return;
    }
    body.remove("crop");
    send(new Out(topic(lane, "event"), body.toBuffer(), qos, false, null));
  }

  private void publishHealth() {
    vertx.eventBus().<JsonObject>request(Addresses.HEALTH_DATABASE, new JsonObject(),
            new DeliveryOptions().setSendTimeout(2000))
        .map(m -> m.body())
        .otherwise(new JsonObject().put("status", "UNKNOWN"))
        .onSuccess(store -> {
          String db = store.getString("status", "UNKNOWN");
          JsonObject cams = new JsonObject();
          boolean camerasUp = true;
          for (LaneConfig l : lanes.values()) {
            JsonObject s = cameras.get(l.id());
            boolean up = s != null && s.getBoolean("up", false);
            camerasUp &= up || !l.enabled();
            cams.put(l.id(), s == null ? new JsonObject().put("up", false)
                : new JsonObject().put("up", up).put("fps", s.getValue("fps")).put("lastFrameAt",
                    s.getValue("lastFrameAt")).put("errors", s.getValue("errors")));
          }
          String status = camerasUp && "UP".equals(db) ? "ok" : "degraded";
          retain(cfg.prefix() + "/device/" + cfg.deviceId() + "/health", new JsonObject().put("status", status)
              .put("database", db).put("outbox", store.getValue("outbox")).put("cameras", cams)
              .put("mqttQueue", queue.size())
              .put("at", Instant.now().toString()));
        });
  }

  // ---- commands and relays

  private void onMessage(MqttPublishMessage m) {
    String[] parts = m.topicName().split("/");
    String[] prefix = cfg.prefix().split("/");
    if (parts.length != prefix.length + 3 || !parts[parts.length - 1].equals("set")) {
      return;
    }
    String lane = parts[prefix.length];
    String result = topic(lane, "gate/result");
    if (!lanes.containsKey(lane)) {
      LOG.warn("MQTT command for unknown lane '{}' ignored", lane.length() > 40 ? lane.substring(0, 40) : lane);
      return;
    }
    GateCommand cmd;
    try {
      cmd = parseCommand(lane, m.payload());
    } catch (IllegalArgumentException e) {
      send(new Out(result, new JsonObject().put("ok", false).put("code", 400).put("message", e.getMessage())
          .toBuffer(), MqttQoS.AT_LEAST_ONCE, false, null));
      return;
    }
    // this device's barrier only: in a site another device may (wrongly) run a lane of the same id
    vertx.eventBus().<JsonObject>request(Addresses.gateCommand(lane), cmd.toJson(),
        new DeliveryOptions().setSendTimeout(5000).setLocalOnly(true)).onComplete(ar -> {
          JsonObject r = new JsonObject().put("action", cmd.action());
          if (ar.succeeded()) {
            r.put("ok", true).put("state", ar.result().body().getString("state"));
          } else {
            int code = ar.cause() instanceof ReplyException re ? re.failureCode() : 500;
            r.put("ok", false).put("code", code).put("message", ar.cause().getMessage());
          }
          send(new Out(result, r.toBuffer(), MqttQoS.AT_LEAST_ONCE, false, null));
        });
  }

  /**
   * {@code OPEN}, {@code CLOSE} or {@code RESET} (what Home Assistant sends), or
   * {@code {"action": "open", "by": "name", "why": "reason"}}. Text from the broker is untrusted: bounded, checked.
   */
  static GateCommand parseCommand(String lane, Buffer payload) {
    if (payload.length() > MAX_COMMAND_BYTES) {
      throw new IllegalArgumentException("command larger than " + MAX_COMMAND_BYTES + " bytes");
    }
    String text = payload.toString(StandardCharsets.UTF_8).trim();
    String action;
    String by = "mqtt";
    String why = "MQTT command";
    if (text.startsWith("{")) {
      JsonObject j;
      try {
        j = new JsonObject(text);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("malformed JSON command");
      }
      action = j.getValue("action") instanceof String s ? s.toLowerCase(Locale.ROOT) : null;
      if (j.getValue("by") instanceof String s && !s.isBlank()) {
        by = "mqtt:" + s.strip();
      }
      if (j.getValue("why") instanceof String s && !s.isBlank()) {
        why = s.strip();
      }
    } else {
      action = text.toLowerCase(Locale.ROOT);
    }
    if (action == null || !(action.equals("open") || action.equals("close") || action.equals("reset"))) {
      throw new IllegalArgumentException("unknown command: send OPEN, CLOSE or RESET, or JSON with action, by, why");
    }
    GateCommand c = new GateCommand(lane, action, null, Instant.now(), by, why);
    return GateCommand.fromJson(c.toJson()); // the gate's own checks (lengths)
  }

  private void onRelay(Message<JsonObject> m) {
    RelaySwitch r = RelaySwitch.fromJson(m.body());
    String t = r.topic();
    String p = r.payload();
    if (t == null || p == null) {
      m.fail(400, "relay switch needs topic and payload");
      return;
    }
    if (!connected || unacked.size() >= MAX_INFLIGHT) {
      m.fail(503, connected ? "MQTT broker busy" : "MQTT broker not connected");
      return;
    }
    Promise<Void> acked = Promise.promise();
    // ahead of everything waiting: connected and below the in-flight limit, pump sends it now
    queue.addFirst(new Out(t, Buffer.buffer(p), MqttQoS.AT_LEAST_ONCE, false, acked));
    pump();
    acked.future().onComplete(ar -> {
      if (ar.succeeded()) {
        m.reply(new JsonObject().put("topic", t));
      } else {
        m.fail(503, ar.cause().getMessage());
      }
    });
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(healthTimer);
    if (reconnectTimer >= 0) {
      vertx.cancelTimer(reconnectTimer);
    }
    if (client == null || !connected) {
      return Future.succeededFuture();
    }
    // a clean stop says so itself (the will is only for a device that vanishes)
    MqttClient c = client;
    return c.publish(availabilityTopic(), Buffer.buffer("offline"), MqttQoS.AT_MOST_ONCE, false, true)
        .transform(ar -> c.disconnect())
        .otherwiseEmpty();
  }
}
