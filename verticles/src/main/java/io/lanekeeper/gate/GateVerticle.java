package io.lanekeeper.gate;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateAction;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the barriers. Commands arrive by request/reply on {@code gate.<lane>.command}; an open
 * pulses the lane's relay for {@code pulseMs}, the barrier counts as open for {@code openMs}, then
 * closing for {@code travelMs}. A command older than {@code maxDecisionAgeMs}, or a second command
 * for the same decision, never moves the barrier. Every state change is published on
 * {@code gate.state}, every action on {@code gate.action} for the audit.
 *
 * <p>Config: {@code {"gate": GateConfig json, "lanes": [LaneConfig json, ...]}}.
 */
public class GateVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GateVerticle.class);

  private GateConfig cfg;
  private Gpio gpio;
  private final Map<String, Barrier> barriers = new LinkedHashMap<>();
  private final Map<String, Long> pulseMs = new LinkedHashMap<>();

  @Override
  public Future<?> start() {
    cfg = GateConfig.from(config().getJsonObject("gate", new JsonObject()));
    List<LaneConfig> lanes = new ArrayList<>();
    JsonArray lj = config().getJsonArray("lanes", new JsonArray());
    for (int i = 0; i < lj.size(); i++) {
      lanes.add(LaneConfig.from(lj.getJsonObject(i), "lanes[" + i + "]."));
    }
    return vertx.executeBlocking(() -> Gpio.open(cfg)).map(g -> {
      gpio = g;
      lanes.forEach(this::attach);
      LOG.info("Gate ready on provider {} for lanes {}", gpio.provider(), barriers.keySet());
      return null;
    });
  }

  private void attach(LaneConfig lane) {
    Barrier b = new Barrier(lane.id(), gpio.relay(lane.id(), lane.gatePin()));
    barriers.put(lane.id(), b);
    pulseMs.put(lane.id(), lane.pulseMs());
    vertx.eventBus().<JsonObject>consumer(Addresses.gateCommand(lane.id()), msg -> handleCommand(b, msg));
    vertx.eventBus().<JsonObject>consumer(Addresses.gateQuery(lane.id()), msg -> msg.reply(b.snapshot().toJson()));
    publishState(b);
  }

  private void handleCommand(Barrier b, Message<JsonObject> msg) {
    GateCommand cmd;
    try {
      cmd = GateCommand.fromJson(msg.body());
    } catch (RuntimeException e) {
      msg.fail(400, "malformed gate command: " + e.getMessage());
      return;
    }
    long age = Duration.between(cmd.issuedAt(), Instant.now()).toMillis();
    if (age > cfg.maxDecisionAgeMs()) {
      audit(b, cmd, "stale");
      msg.fail(409, "stale command: issued " + age + " ms ago, limit " + cfg.maxDecisionAgeMs() + " ms");
      return;
    }
    if (!b.firstTimeFor(cmd.decisionId())) {
      audit(b, cmd, "duplicate");
      msg.fail(409, "decision " + cmd.decisionId() + " already acted on");
      return;
    }
    switch (cmd.action()) {
      case "open" -> open(b);
      case "close" -> close(b);
      default -> {
        msg.fail(400, "unknown gate action '" + cmd.action() + "' (open or close)");
        return;
      }
    }
    audit(b, cmd, "done");
    msg.reply(b.snapshot().toJson());
  }

  private void open(Barrier b) {
    cancelTimer(b);
    b.relay(true);
    b.state("opening");
    publishState(b);
    b.timer(vertx.setTimer(pulseMs.get(b.lane()), t -> {
      b.relay(false);
      b.state("open");
      publishState(b);
      b.timer(vertx.setTimer(cfg.openMs(), t2 -> close(b)));
    }));
  }

  private void close(Barrier b) {
    cancelTimer(b);
    b.relay(false);
    if (b.state().equals("closed")) {
      publishState(b);
      return;
    }
    b.state("closing");
    publishState(b);
    b.timer(vertx.setTimer(Math.max(1, cfg.travelMs()), t -> {
      b.state("closed");
      publishState(b);
    }));
  }

  private void cancelTimer(Barrier b) {
    if (b.timer() >= 0) {
      vertx.cancelTimer(b.timer());
      b.timer(-1);
    }
  }

  private void publishState(Barrier b) {
    vertx.eventBus().publish(Addresses.GATE_STATE, b.snapshot().toJson());
  }

  private void audit(Barrier b, GateCommand cmd, String result) {
    if (!result.equals("done")) {
      LOG.warn("Gate {} refused {} for decision {}: {}", b.lane(), cmd.action(), cmd.decisionId(), result);
    }
    vertx.eventBus().publish(Addresses.GATE_ACTION, new GateAction(b.lane(), Instant.now(), cmd.action(), result,
        cmd.decisionId(), cmd.by(), cmd.why()).toJson());
  }

  @Override
  public Future<?> stop() {
    barriers.values().forEach(this::cancelTimer);
    barriers.values().forEach(Barrier::release);
    if (gpio == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> {
      gpio.close();
      return null;
    });
  }
}
