package io.lanekeeper.mqtt;

import static io.lanekeeper.testing.Ports.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.GateState;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.MqttConfig;
import io.lanekeeper.gate.Gpio;
import io.lanekeeper.gate.GateVerticle;
import io.lanekeeper.testing.Decisions;
import io.lanekeeper.testing.Poll;
import io.lanekeeper.testing.Prerequisites;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT verticle against a real broker: the machine's Mosquitto on 127.0.0.1:1883, and one of its own. */
class MqttVerticleTest {

  static final String HOST = System.getProperty("lanekeeper.test.mqtt.host", "127.0.0.1");
  static final int PORT = Integer.getInteger("lanekeeper.test.mqtt.port", 1883);

  @TempDir
  Path dir;
  private Vertx vertx;
  private Vertx listenerVertx;
  private MqttClient listener;
  private Process ownBroker;
  private final String prefix = "lk-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final Map<String, List<String>> heard = new ConcurrentHashMap<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    listenerVertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close()); // the device says offline (retained) on its way out
    await(listenerVertx.close());
    if (ownBroker != null) {
      ownBroker.destroyForcibly().waitFor();
    }
    clearRetained();
  }

  /**
   * Leaves no retained message behind on the shared broker: a fresh client takes every retained message under the
   * test's topics (they come right after the subscription; it waits for 300 ms without one) and clears each, then
   * looks again until a look finds none (a device's last "offline" or the broker's last will can land after the
   * first look). Clearing only what the test's listener had heard left some behind when the machine was busy.
   */
  private void clearRetained() throws Exception {
    for (int round = 0; round < 5 && clearRetainedOnce() > 0; round++) {
      Thread.sleep(500);
    }
  }

  /** One look: clears what is retained under the test's topics now; returns how many it cleared. */
  private int clearRetainedOnce() throws Exception {
    Vertx v = Vertx.vertx();
    try {
      MqttClient c = MqttClient.create(v, new MqttClientOptions().setClientId("cleaner-" + prefix));
      Set<String> retained = ConcurrentHashMap.newKeySet();
      AtomicLong last = new AtomicLong(System.nanoTime());
      c.publishHandler(m -> {
        if (m.isRetain() && m.payload().length() > 0) {
          retained.add(m.topicName());
        }
        last.set(System.nanoTime());
      });
      await(c.connect(PORT, HOST));
      await(c.subscribe(Map.of(prefix + "/#", 1, prefix + "-ha/#", 1)));
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < end && System.nanoTime() - last.get() < TimeUnit.MILLISECONDS.toNanos(300)) {
        Thread.sleep(20);
      }
      for (String t : retained) {
        await(c.publish(t, Buffer.buffer(), MqttQoS.AT_LEAST_ONCE, false, true));
      }
      await(c.disconnect());
      return retained.size();
    } finally {
      await(v.close());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  private JsonObject mqtt(int port) {
    return new JsonObject().put("enabled", true).put("host", HOST).put("port", port).put("deviceId", "dev1")
        .put("prefix", prefix).put("discoveryPrefix", prefix + "-ha").put("reconnectMinMs", 100)
        .put("reconnectMaxMs", 500);
  }

  private static JsonArray lanes(JsonObject gate) {
    return new JsonArray().add(new JsonObject().put("id", "g1").put("name", "Main gate").put("lot", "garage")
        .put("gate", gate));
  }

  private String deployMqtt(int port, JsonArray lanes) throws Exception {
    return await(vertx.deployVerticle(new MqttVerticle(MqttConfig.from(mqtt(port)), LaneConfig.listFrom(lanes))));
  }

  /** A second client, as Home Assistant or a building system would be, hearing everything under the test's topics. */
  private void listen(int port) throws Exception {
    listener = MqttClient.create(listenerVertx, new MqttClientOptions().setClientId("listener-" + prefix));
    listener.publishHandler(m -> heard.computeIfAbsent(m.topicName(), t -> new CopyOnWriteArrayList<>())
        .add(m.payload().toString()));
    await(listener.connect(port, HOST));
    await(listener.subscribe(Map.of(prefix + "/#", 1, prefix + "-ha/#", 1)));
  }

  private List<String> heard(String leaf) {
    return heard.getOrDefault(prefix + leaf, List.of());
  }

  private static void until(String what, BooleanSupplier ok) throws InterruptedException {
    Poll.until(what, 15, ok);
  }

  @Test
  @DisplayName("An alert goes out once when raised and once when cleared on <prefix>/alert, and the alerts active "
      + "now stay retained on <prefix>/alerts, on the real broker")
  void alerts() throws Exception {
    listen(PORT);
    deployMqtt(PORT, lanes(new JsonObject()));
    await(vertx.deployVerticle(new io.lanekeeper.alerts.AlertVerticle(io.lanekeeper.config.AlertsConfig.DEFAULTS,
        dir)));
    until("online", () -> heard("/device/dev1/availability").contains("online"));
    for (int i = 0; i < 3; i++) {
      vertx.eventBus().publish(Addresses.GATE_STATE, new GateState("g1", "fault", false, 1, Instant.now(), null,
          false, null, "relay unreachable").toJson());
    }
    until("the raise and the retained list", () -> heard("/alerts").stream()
        .anyMatch(m -> new JsonObject(m).getInteger("count") == 1));
    JsonObject raised = new JsonObject(heard("/alert").getFirst());
    assertThat(raised.getString("state")).isEqualTo("raised");
    assertThat(raised.getString("id")).isEqualTo("gate:g1");
    assertThat(raised.getString("level")).isEqualTo("critical");
    vertx.eventBus().publish(Addresses.GATE_STATE, new GateState("g1", "closed", false, 1, Instant.now(), null)
        .toJson());
    until("the clear", () -> heard("/alert").size() == 2);
    assertThat(new JsonObject(heard("/alert").get(1)).getString("state")).isEqualTo("cleared");
    until("the retained list empty", () -> new JsonObject(heard("/alerts").getLast()).getInteger("count") == 0);
    Thread.sleep(500);
    assertThat(heard("/alert")).as("once each").hasSize(2);
  }

  @Test
  @DisplayName("Publishes decisions, retained gate state, last plate, availability and Home Assistant discovery")
  void publishes() throws Exception {
    listen(PORT);
    deployMqtt(PORT, lanes(new JsonObject()));
    until("online", () -> heard("/device/dev1/availability").contains("online"));
    var v = Decisions.vehicle("g1", "ABC1234");
    vertx.eventBus().publish(Addresses.ACCESS_DECISION, new io.lanekeeper.bus.AccessDecision(v.vehicleId(), "g1",
        Instant.now(), true, "exact", "ABC1234", 7L, 0, v).toJson());
    vertx.eventBus().publish(Addresses.GATE_STATE, new GateState("g1", "opening", true, 1, Instant.now(), null)
        .toJson());
    until("event", () -> !heard("/g1/event").isEmpty());
    JsonObject event = new JsonObject(heard("/g1/event").getFirst());
    assertThat(event.getString("type")).isEqualTo("decision");
    assertThat(event.getString("plate")).isEqualTo("ABC1234");
    assertThat(event.getString("reason")).isEqualTo("exact");
    assertThat(event.containsKey("crop")).isFalse();
    until("gate state", () -> !heard("/g1/gate/state").isEmpty());
    assertThat(new JsonObject(heard("/g1/gate/state").getLast()).getString("state")).isEqualTo("opening");
    until("last plate", () -> !heard("/g1/last_plate").isEmpty());

    String cover = prefix + "-ha/cover/dev1/g1_gate/config";
    until("discovery", () -> heard.containsKey(cover));
    JsonObject c = new JsonObject(heard.get(cover).getFirst());
    assertThat(c.getString("command_topic")).isEqualTo(prefix + "/g1/gate/set");
    assertThat(c.getString("state_topic")).isEqualTo(prefix + "/g1/gate/state");
    assertThat(c.getString("availability_topic")).isEqualTo(prefix + "/device/dev1/availability");
    assertThat(heard).containsKeys(prefix + "-ha/button/dev1/g1_open/config",
        prefix + "-ha/sensor/dev1/g1_last_plate/config", prefix + "-ha/sensor/dev1/garage_occupancy/config");

    // retained: a client that connects later gets the state at once
    heard.clear();
    await(listener.disconnect());
    listen(PORT);
    until("retained state", () -> !heard("/g1/gate/state").isEmpty() && !heard("/g1/last_plate").isEmpty());
  }

  @Test
  @DisplayName("Takes gate commands (Home Assistant's OPEN and JSON with who and why) and answers on gate/result")
  void commands() throws Exception {
    List<GateCommand> got = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.gateCommand("g1"), m -> {
      got.add(GateCommand.fromJson(m.body()));
      m.reply(new GateState("g1", "opening", true, 1, Instant.now(), null).toJson());
    });
    listen(PORT);
    deployMqtt(PORT, lanes(new JsonObject()));
    until("online", () -> heard("/device/dev1/availability").contains("online"));
    await(listener.publish(prefix + "/g1/gate/set", Buffer.buffer("OPEN"), MqttQoS.AT_LEAST_ONCE, false, false));
    await(listener.publish(prefix + "/g1/gate/set", Buffer.buffer(
        "{\"action\":\"open\",\"by\":\"reception\",\"why\":\"delivery\"}"), MqttQoS.AT_LEAST_ONCE, false, false));
    await(listener.publish(prefix + "/g1/gate/set", Buffer.buffer("<script>"), MqttQoS.AT_LEAST_ONCE, false, false));
    await(listener.publish(prefix + "/nope/gate/set", Buffer.buffer("OPEN"), MqttQoS.AT_LEAST_ONCE, false, false));
    until("3 results", () -> heard("/g1/gate/result").size() == 3);
    assertThat(got).extracting(c -> c.action() + ":" + c.by() + ":" + c.why())
        .containsExactly("open:mqtt:MQTT command", "open:mqtt:reception:delivery");
    assertThat(got).allMatch(GateCommand::manual);
    assertThat(heard("/g1/gate/result")).anyMatch(r -> r.contains("\"ok\":false") && r.contains("unknown command"));
    assertThat(heard).doesNotContainKey(prefix + "/nope/gate/result");
  }

  @Test
  @DisplayName("A gate on the mqtt driver switches its relay through the broker: ON, then OFF after the pulse")
  void relayDriver() throws Exception {
    listen(PORT);
    JsonArray lanes = lanes(new JsonObject().put("driver", "mqtt").put("relayTopic", prefix + "/relay/1")
        .put("pulseMs", 100).put("autoCloseMs", 10_000));
    deployMqtt(PORT, lanes);
    until("online", () -> heard("/device/dev1/availability").contains("online"));
    GateConfig site = GateConfig.from(new JsonObject());
    await(vertx.deployVerticle(new GateVerticle(site, LaneConfig.listFrom(lanes, site), Gpio.open("mock"))));
    JsonObject reply = (JsonObject) await(vertx.eventBus().request(Addresses.gateCommand("g1"),
        new GateCommand("g1", "open", "d-1", Instant.now(), "auto", "exact").toJson())).body();
    assertThat(reply.getString("state")).isEqualTo("opening");
    until("ON then OFF", () -> heard("/relay/1").size() == 2);
    assertThat(heard("/relay/1")).containsExactly("ON", "OFF");
  }

  @Test
  @DisplayName("With no broker the device starts and does not wait; a relay switch fails at once")
  void brokerAway() throws Exception {
    int port = freePort();
    long t0 = System.nanoTime();
    deployMqtt(port, lanes(new JsonObject()));
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2000);
    assertThatThrownBy(() -> await(vertx.eventBus().request(Addresses.MQTT_RELAY,
        new JsonObject().put("topic", prefix + "/r").put("payload", "ON"))))
        .hasMessageContaining("not connected");
  }

  @Test
  @DisplayName("A broker restart: the device reconnects by itself and publishes its retained state again")
  void brokerRestart() throws Exception {
    Path mosquitto = Path.of("/usr/sbin/mosquitto");
    Prerequisites.need(Files.isExecutable(mosquitto), "Debian's mosquitto is not installed (scripts/test installs it)");
    int port = freePort();
    startBroker(mosquitto, port);
    listen(port);
    deployMqtt(port, lanes(new JsonObject()));
    vertx.eventBus().publish(Addresses.GATE_STATE, new GateState("g1", "closed", false, 0, Instant.now(), null)
        .toJson());
    until("state", () -> !heard("/g1/gate/state").isEmpty());

    ownBroker.destroyForcibly().waitFor(); // a broker without persistence forgets every retained message
    await(listener.disconnect().recover(e -> Future.succeededFuture()));
    heard.clear();
    vertx.eventBus().publish(Addresses.GATE_STATE, new GateState("g1", "opening", true, 1, Instant.now(), null)
        .toJson()); // a change while the broker is away
    startBroker(mosquitto, port);
    listen(port);
    until("state again", () -> !heard("/g1/gate/state").isEmpty()
        && heard("/device/dev1/availability").contains("online"));
    assertThat(new JsonObject(heard("/g1/gate/state").getLast()).getString("state")).isEqualTo("opening");
  }

  /**
   * The broker dies while the device is sending: writes then fail at once on the dead connection. The device once
   * put each failed message straight back and tried again in the same loop, spinning its event loop forever
   * (found by CI). Now it gives the connection up, keeps what was not acknowledged, and sends it after the restart.
   */
  @Test
  @DisplayName("A broker that dies in the middle of a burst: the device stays responsive, reconnects and delivers "
      + "what waited")
  void brokerDiesMidBurst() throws Exception {
    Path mosquitto = Path.of("/usr/sbin/mosquitto");
    Prerequisites.need(Files.isExecutable(mosquitto), "Debian's mosquitto is not installed (scripts/test installs it)");
    int port = freePort();
    startBroker(mosquitto, port);
    deployMqtt(port, lanes(new JsonObject()));
    AtomicLong sent = new AtomicLong();
    long burst = vertx.setPeriodic(1, t -> {
      for (int i = 0; i < 20; i++) {
        vertx.eventBus().publish(Addresses.ALERT_STATE, new JsonObject().put("n", sent.incrementAndGet()));
      }
    });
    until("a burst under way", () -> sent.get() > 2_000);
    ownBroker.destroyForcibly().waitFor();
    until("more sent while the broker is away", () -> sent.get() > 6_000);
    vertx.cancelTimer(burst);
    long last = sent.get();
    // an event loop that spins never runs this timer
    long asked = System.nanoTime();
    AtomicLong answered = new AtomicLong();
    vertx.setTimer(1, t -> answered.set(System.nanoTime()));
    until("the device's event loop answering", () -> answered.get() != 0);
    assertThat(TimeUnit.NANOSECONDS.toMillis(answered.get() - asked)).isLessThan(5_000);

    startBroker(mosquitto, port);
    listen(port);
    vertx.eventBus().publish(Addresses.GATE_STATE, new GateState("g1", "opening", true, 1, Instant.now(), null)
        .toJson());
    until("state after the restart", () -> !heard("/g1/gate/state").isEmpty()
        && heard("/device/dev1/availability").contains("online"));
    // the queue keeps the newest 10 000: the last alert sent while the broker was away arrives
    until("the last alert", () -> heard("/alert").stream().anyMatch(s -> new JsonObject(s).getLong("n") == last));
  }

  /**
   * The same failure without the race: the first connection's writes fail at once from its 5th message on, as on a
   * connection the broker has reset and whose close the device has not yet heard. (The client is the real one on the
   * real broker; the wrapper only fails its writes.)
   */
  @Test
  @DisplayName("A write that fails at once ends the connection instead of being retried in a loop; nothing the "
      + "broker did not acknowledge is lost")
  void failedWriteReconnects() throws Exception {
    listen(PORT);
    AtomicLong made = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    BiFunction<Vertx, MqttClientOptions, MqttClient> clients = (v, o) -> {
      MqttClient real = MqttClient.create(v, o);
      if (made.incrementAndGet() > 1) {
        return real;
      }
      AtomicLong writes = new AtomicLong();
      return (MqttClient) Proxy.newProxyInstance(MqttClient.class.getClassLoader(), new Class<?>[] {MqttClient.class},
          (proxy, m, args) -> {
            if (m.getName().equals("publish") && args.length == 5 && writes.incrementAndGet() > 4) {
              failed.incrementAndGet();
              return Future.failedFuture(new java.nio.channels.ClosedChannelException());
            }
            try {
              return m.invoke(real, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    };
    List<LaneConfig> lanes = LaneConfig.listFrom(lanes(new JsonObject()));
    await(vertx.deployVerticle(new MqttVerticle(MqttConfig.from(mqtt(PORT)), lanes, clients)));
    until("online", () -> heard("/device/dev1/availability").contains("online"));
    for (int i = 1; i <= 50; i++) {
      vertx.eventBus().publish(Addresses.ALERT_STATE, new JsonObject().put("n", i));
    }
    until("all 50 alerts", () -> heard("/alert").stream().map(s -> new JsonObject(s).getInteger("n")).distinct()
        .count() == 50);
    assertThat(made.get()).as("clients made").isGreaterThanOrEqualTo(2);
    assertThat(failed.get()).as("failed writes: one ends the connection, not a spin").isBetween(1L, 5L);
    AtomicLong answered = new AtomicLong();
    vertx.setTimer(1, t -> answered.set(System.nanoTime()));
    until("the device's event loop answering", () -> answered.get() != 0);
  }

  @Test
  @DisplayName("A device that vanishes without a goodbye is announced offline by the broker (last will)")
  void lastWill() throws Exception {
    listen(PORT);
    Vertx device = Vertx.vertx();
    await(device.deployVerticle(new MqttVerticle(MqttConfig.from(mqtt(PORT).put("keepAliveSeconds", 5)),
        List.of())));
    until("online", () -> heard("/device/dev1/availability").contains("online"));
    // closing Vert.x drops the TCP connection without an MQTT DISCONNECT, as a crash would
    await(device.close());
    until("offline", () -> heard("/device/dev1/availability").getLast().equals("offline"));
  }

  @Test
  @DisplayName("On a broker that authenticates, the device logs in with its user; a client without one cannot "
      + "connect, so cannot command the gate")
  void authenticatedBroker() throws Exception {
    Path mosquitto = Path.of("/usr/sbin/mosquitto");
    Path passwd = Path.of("/usr/bin/mosquitto_passwd");
    Prerequisites.need(Files.isExecutable(mosquitto) && Files.isExecutable(passwd),
        "Debian's mosquitto is not installed (scripts/test installs it)");
    Path users = dir.resolve("passwd");
    for (String[] u : new String[][] {{"gate-1", "s3cret"}, {"ha", "ha-pass"}}) {
      Process p = new ProcessBuilder(passwd.toString(), "-b", users.toString(), u[0], u[1])
          .redirectErrorStream(true).start();
      if (!Files.exists(users)) {
        p = new ProcessBuilder(passwd.toString(), "-c", "-b", users.toString(), u[0], u[1]).redirectErrorStream(true)
            .start();
      }
      assertThat(p.waitFor()).isZero();
    }
    int port = freePort();
    startBroker(mosquitto, port, "allow_anonymous false\npassword_file " + users + "\n");
    List<GateCommand> got = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.gateCommand("g1"), m -> {
      got.add(GateCommand.fromJson(m.body()));
      m.reply(new GateState("g1", "opening", true, 1, Instant.now(), null).toJson());
    });
    await(vertx.deployVerticle(new MqttVerticle(MqttConfig.from(mqtt(port).put("username", "gate-1")
        .put("password", "s3cret")), LaneConfig.listFrom(lanes(new JsonObject())))));

    MqttClient anonymous = MqttClient.create(listenerVertx, new MqttClientOptions().setClientId("anon-" + prefix));
    assertThatThrownBy(() -> await(anonymous.connect(port, HOST))).as("no user, no connection").isNotNull();

    listener = MqttClient.create(listenerVertx, new MqttClientOptions().setClientId("ha-" + prefix)
        .setUsername("ha").setPassword("ha-pass"));
    listener.publishHandler(m -> heard.computeIfAbsent(m.topicName(), t -> new CopyOnWriteArrayList<>())
        .add(m.payload().toString()));
    await(listener.connect(port, HOST));
    await(listener.subscribe(prefix + "/#", 1));
    until("device online", () -> heard("/device/dev1/availability").contains("online"));
    await(listener.publish(prefix + "/g1/gate/set", Buffer.buffer("OPEN"), MqttQoS.AT_LEAST_ONCE, false, false));
    until("command taken", () -> got.size() == 1);
  }

  private void startBroker(Path mosquitto, int port) throws Exception {
    startBroker(mosquitto, port, "allow_anonymous true\n");
  }

  private void startBroker(Path mosquitto, int port, String auth) throws Exception {
    Path conf = dir.resolve("mosquitto.conf");
    // started as root, mosquitto would drop to its own user, who cannot read the test's private folder
    String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
    // no cap on what waits for the test's listener: by default mosquitto keeps 1,000 QoS 1 messages for a subscriber
    // and drops the rest, so a listener that falls behind a burst (a loaded CI machine) would lose the messages the
    // test looks for after it, though the device sent them and the broker acknowledged them
    Files.writeString(conf, "listener " + port + " 127.0.0.1\n" + auth + user + "persistence false\n"
        + "max_queued_messages 0\n");
    ownBroker = new ProcessBuilder(mosquitto.toString(), "-c", conf.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
    until("broker listening", () -> {
      try (var s = new java.net.Socket("127.0.0.1", port)) {
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }
}
