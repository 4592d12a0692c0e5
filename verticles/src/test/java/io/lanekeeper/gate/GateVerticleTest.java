package io.lanekeeper.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateAction;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.GateState;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The barrier state machine through Pi4J's mock provider: every transition and every safety rule. */
class GateVerticleTest {

  private static final String LANE = "g1";

  private Vertx vertx;
  private Gpio gpio;
  private String deployment;
  private final List<GateState> states = new CopyOnWriteArrayList<>();
  private final List<GateAction> actions = new CopyOnWriteArrayList<>();
  private final List<JsonObject> triggers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.GATE_STATE, m -> states.add(GateState.fromJson(m.body())));
    vertx.eventBus().<JsonObject>consumer(Addresses.GATE_ACTION, m -> actions.add(GateAction.fromJson(m.body())));
    vertx.eventBus().<JsonObject>consumer(Addresses.cameraTrigger(LANE), m -> triggers.add(m.body()));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  /** Deploys the gate with one lane whose gate object is {@code gate}; timings short enough for a test. */
  private void deploy(JsonObject gate) throws Exception {
    gpio = Gpio.open("mock");
    GateConfig site = GateConfig.from(new JsonObject().put("provider", "mock").put("maxDecisionAgeMs", 1000));
    List<LaneConfig> lanes = LaneConfig.listFrom(new JsonArray().add(new JsonObject().put("id", LANE).put("gate",
        new JsonObject().put("relayLine", 5).put("pulseMs", 60).put("travelMs", 80).put("autoCloseMs", 150)
            .mergeIn(gate))), site);
    deployment = await(vertx.deployVerticle(new GateVerticle(site, lanes, gpio)));
  }

  private MockDigitalOutput out(String id) {
    return (MockDigitalOutput) gpio.context("any").getIO(id + "-" + LANE);
  }

  private MockDigitalInput in(String id) {
    return (MockDigitalInput) gpio.context("any").getIO(id + "-" + LANE);
  }

  private GateState send(String action, String decision, Instant at, String by, String why) throws Exception {
    JsonObject body = new GateCommand(LANE, action, decision, at, by, why).toJson();
    return GateState.fromJson((JsonObject) await(vertx.eventBus().request(Addresses.gateCommand(LANE), body)).body());
  }

  private GateState autoOpen(String decision) throws Exception {
    return send("open", decision, Instant.now(), "auto", "exact");
  }

  private ReplyException refused(ThrowingCall call) {
    try {
      call.run();
    } catch (Exception e) {
      Throwable t = e instanceof ExecutionException ? e.getCause() : e;
      assertThat(t).isInstanceOf(ReplyException.class);
      return (ReplyException) t;
    }
    throw new AssertionError("the command was carried out");
  }

  private GateState state() throws Exception {
    return GateState.fromJson((JsonObject) await(vertx.eventBus().request(Addresses.gateQuery(LANE),
        new JsonObject())).body());
  }

  private void until(String what, BooleanSupplier ok) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what + "; states " + states.stream()
            .map(GateState::state).toList());
      }
      Thread.sleep(5);
    }
  }

  private void untilState(String s) throws Exception {
    until("state " + s, () -> {
      try {
        return state().state().equals(s);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private interface ThrowingCall {
    void run() throws Exception;
  }

  @Test
  @DisplayName("Pulse mode: one pulse of pulseMs, then open, auto-close, closing, closed")
  void pulseCycle() throws Exception {
    deploy(new JsonObject());
    GateState s = autoOpen("d-1");
    assertThat(s.state()).isEqualTo("opening");
    assertThat(out("relay").state()).isEqualTo(DigitalState.HIGH);
    until("pulse over", () -> out("relay").state() == DigitalState.LOW);
    untilState("closed");
    assertThat(states).extracting(GateState::state).containsSubsequence("opening", "open", "closing", "closed");
    assertThat(state().pulses()).isEqualTo(1);
    assertThat(actions).extracting(a -> a.action() + ":" + a.result() + ":" + a.by())
        .containsExactly("open:done:auto", "close:done:auto");
  }

  @Test
  @DisplayName("Hold mode: the relay stays energised while open and releases to close")
  void holdCycle() throws Exception {
    deploy(new JsonObject().put("mode", "hold").put("autoCloseMs", 300));
    autoOpen("d-1");
    untilState("open");
    Thread.sleep(100); // longer than a pulse
    assertThat(out("relay").state()).isEqualTo(DigitalState.HIGH);
    untilState("closing");
    assertThat(out("relay").state()).isEqualTo(DigitalState.LOW);
    untilState("closed");
  }

  @Test
  @DisplayName("An active-low relay board is driven low to energise and high to release")
  void activeLow() throws Exception {
    deploy(new JsonObject().put("mode", "hold").put("activeLow", true));
    assertThat(out("relay").state()).isEqualTo(DigitalState.HIGH);
    autoOpen("d-1");
    assertThat(out("relay").state()).isEqualTo(DigitalState.LOW);
    assertThat(state().relay()).isTrue();
    untilState("closing");
    assertThat(out("relay").state()).isEqualTo(DigitalState.HIGH);
  }

  @Test
  @DisplayName("A stale decision is refused and the relay never moves")
  void staleRefused() throws Exception {
    deploy(new JsonObject());
    ReplyException e = refused(() -> send("open", "d-old", Instant.now().minusSeconds(5), "auto", "exact"));
    assertThat(e.failureCode()).isEqualTo(409);
    assertThat(e.getMessage()).contains("stale");
    assertThat(state().pulses()).isZero();
    assertThat(state().state()).isEqualTo("closed");
    assertThat(actions).extracting(GateAction::result).containsExactly("stale");
  }

  @Test
  @DisplayName("A decision pulses once, ever: the same decision again is refused, even after the barrier closed")
  void doublePulseRefused() throws Exception {
    deploy(new JsonObject());
    autoOpen("d-1");
    assertThat(refused(() -> autoOpen("d-1")).getMessage()).contains("already acted on");
    untilState("closed");
    assertThat(refused(() -> autoOpen("d-1")).failureCode()).isEqualTo(409);
    assertThat(state().pulses()).isEqualTo(1);
    assertThat(actions).extracting(GateAction::result).containsSubsequence("done", "duplicate", "duplicate");
  }

  @Test
  @DisplayName("A second vehicle while open restarts the auto-close without a second pulse")
  void openWhileOpenExtends() throws Exception {
    deploy(new JsonObject().put("autoCloseMs", 250));
    autoOpen("d-1");
    untilState("open");
    Thread.sleep(150);
    autoOpen("d-2");
    Thread.sleep(150); // 300 ms after the first open: it would have closed by now
    assertThat(state().state()).isEqualTo("open");
    assertThat(state().pulses()).isEqualTo(1);
    untilState("closed");
  }

  @Test
  @DisplayName("The loop holds the barrier open: no auto-close while a vehicle is over it, then auto-close")
  void loopHoldsOpen() throws Exception {
    deploy(new JsonObject().put("loopLine", 6).put("loopActiveLow", false));
    autoOpen("d-1");
    untilState("open");
    in("loop").mockState(DigitalState.HIGH);
    until("loop seen", () -> states.getLast().loop() == Boolean.TRUE);
    Thread.sleep(400); // well past autoCloseMs
    assertThat(state().state()).isEqualTo("open");
    ReplyException e = refused(() -> send("close", null, Instant.now(), "anna", "test"));
    assertThat(e.getMessage()).contains("on the loop");
    in("loop").mockState(DigitalState.LOW);
    long cleared = System.nanoTime();
    untilState("closing");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cleared)).isGreaterThanOrEqualTo(100);
    untilState("closed");
    assertThat(actions).extracting(GateAction::result).contains("occupied");
  }

  @Test
  @DisplayName("A vehicle arriving on the loop while the barrier closes opens it again")
  void loopReopensWhileClosing() throws Exception {
    deploy(new JsonObject().put("mode", "hold").put("travelMs", 400).put("loopLine", 6));
    autoOpen("d-1");
    untilState("closing");
    assertThat(out("relay").state()).isEqualTo(DigitalState.LOW);
    in("loop").mockState(DigitalState.LOW); // active low: a vehicle
    untilState("opening");
    assertThat(out("relay").state()).isEqualTo(DigitalState.HIGH);
    assertThat(actions).extracting(a -> a.action() + ":" + a.by()).contains("open:loop");
  }

  @Test
  @DisplayName("A vehicle arriving on the loop of a closed barrier asks the camera for a burst")
  void loopTriggersBurst() throws Exception {
    deploy(new JsonObject().put("loopLine", 6).put("burstFrames", 4));
    in("loop").mockState(DigitalState.LOW);
    until("trigger", () -> !triggers.isEmpty());
    assertThat(triggers.getFirst().getInteger("frames")).isEqualTo(4);
    assertThat(state().state()).isEqualTo("closed");
  }

  @Test
  @DisplayName("With an open limit switch, the barrier is open when it reports open, before the travel time")
  void positionConfirmsOpen() throws Exception {
    deploy(new JsonObject().put("travelMs", 3000).put("positionLine", 7));
    autoOpen("d-1");
    assertThat(state().state()).isEqualTo("opening");
    in("position").mockState(DigitalState.LOW);
    untilState("open");
  }

  @Test
  @DisplayName("A barrier that never reaches its open limit is a fault: relays released, automatic opens refused")
  void positionFault() throws Exception {
    deploy(new JsonObject().put("mode", "hold").put("positionLine", 7));
    autoOpen("d-1");
    untilState("fault");
    GateState s = state();
    assertThat(s.fault()).contains("open limit");
    assertThat(out("relay").state()).isEqualTo(DigitalState.LOW);
    ReplyException e = refused(() -> autoOpen("d-2"));
    assertThat(e.getMessage()).contains("fault");
    assertThat(actions).extracting(GateAction::result).contains("fault");
    assertThat(refused(() -> send("reset", "d-3", Instant.now(), "auto", "x")).failureCode()).isEqualTo(400);
    GateState reset = send("reset", null, Instant.now(), "anna", "checked the arm");
    assertThat(reset.state()).isEqualTo("closed");
    assertThat(reset.fault()).isNull();
    assertThat(actions.getLast().by()).isEqualTo("anna");
    assertThat(actions.getLast().why()).isEqualTo("checked the arm");
  }

  @Test
  @DisplayName("Manual commands need who and why, and the audit keeps both")
  void manualAudited() throws Exception {
    deploy(new JsonObject().put("mode", "hold").put("autoCloseMs", 10_000));
    ReplyException e = refused(() -> send("open", null, Instant.now(), "anna", " "));
    assertThat(e.failureCode()).isEqualTo(400);
    assertThat(send("open", null, Instant.now(), "anna", "delivery van").state()).isEqualTo("opening");
    untilState("open");
    assertThat(send("close", null, Instant.now(), "ben", "van gone").state()).isEqualTo("closing");
    untilState("closed");
    assertThat(actions).extracting(a -> a.action() + ":" + a.by() + ":" + a.why())
        .containsExactly("open:anna:delivery van", "close:ben:van gone");
    assertThat(refused(() -> send("lift", null, Instant.now(), "anna", "x")).failureCode()).isEqualTo(400);
  }

  @Test
  @DisplayName("Pulse mode closes through the close relay when one is wired, and refuses a close without one")
  void pulseClose() throws Exception {
    deploy(new JsonObject().put("closeLine", 8).put("autoCloseMs", 10_000));
    autoOpen("d-1");
    untilState("open");
    send("close", null, Instant.now(), "anna", "test");
    assertThat(out("close-relay").state()).isEqualTo(DigitalState.HIGH);
    until("close pulse over", () -> out("close-relay").state() == DigitalState.LOW);
    untilState("closed");

    await(vertx.undeploy(deployment));
    deploy(new JsonObject().put("autoCloseMs", 10_000));
    autoOpen("d-9");
    untilState("open");
    assertThat(refused(() -> send("close", null, Instant.now(), "anna", "test")).getMessage())
        .contains("closes by itself");
  }

  @Test
  @DisplayName("Undeploying (shutdown) releases the relays of an open barrier")
  void shutdownSafe() throws Exception {
    deploy(new JsonObject().put("mode", "hold").put("autoCloseMs", 10_000));
    autoOpen("d-1");
    MockDigitalOutput relay = out("relay");
    assertThat(relay.state()).isEqualTo(DigitalState.HIGH);
    await(vertx.undeploy(deployment));
    assertThat(relay.state()).isEqualTo(DigitalState.LOW);
  }

  @Test
  @DisplayName("An MQTT relay that does not answer puts the gate in fault and the command fails")
  void mqttRelayUnreachable() throws Exception {
    deploy(new JsonObject().put("driver", "mqtt").put("relayTopic", "test/relay/" + LANE));
    ReplyException e = refused(() -> autoOpen("d-1"));
    assertThat(e.failureCode()).isEqualTo(502);
    assertThat(state().state()).isEqualTo("fault");
    assertThat(state().fault()).contains("relay unreachable");
  }

  @Test
  @DisplayName("Malformed commands and configurations are refused with the reason")
  void badInput() throws Exception {
    deploy(new JsonObject());
    ReplyException e = refused(() -> await(vertx.eventBus().request(Addresses.gateCommand(LANE),
        new JsonObject().put("action", "open"))));
    assertThat(e.failureCode()).isEqualTo(400);
    assertThat(e.getMessage()).contains("issuedAt");
    assertThatThrownBy(() -> deployWith(new JsonObject().put("relayLine", 5).put("loopLine", 5)))
        .hasMessageContaining("used twice");
    assertThatThrownBy(() -> deployWith(new JsonObject().put("driver", "mqtt")))
        .hasMessageContaining("relayTopic");
  }

  private void deployWith(JsonObject gate) throws Exception {
    GateConfig site = GateConfig.from(new JsonObject());
    await(vertx.deployVerticle(new GateVerticle(site, LaneConfig.listFrom(new JsonArray().add(new JsonObject()
        .put("id", "x1").put("gate", gate)), site), Gpio.open("mock"))));
  }
}
