package io.lanekeeper.gate;

import io.lanekeeper.bus.GateAction;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.GateState;
import io.lanekeeper.config.LaneGate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.SequencedSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The barrier of one lane: closed, opening, open, closing, fault. Runs on the gate verticle's event loop.
 *
 * <p>Safety rules: a command older than the age limit never moves the barrier; a decision moves it at most once;
 * the barrier never closes while a vehicle is on the loop (auto-close waits for the loop to clear, a manual close
 * is refused, a vehicle arriving while it closes opens it again); with an open limit switch, a barrier that does
 * not reach or leave it in its travel time is a fault, and a fault releases every relay and refuses automatic
 * opens until someone opens or resets it by hand. Shutdown releases every relay.
 */
final class GateMachine {

  private static final Logger LOG = LoggerFactory.getLogger(GateMachine.class);
  private static final int REMEMBERED_DECISIONS = 1024;

  /** Where the machine reports. */
  interface Out {
    void state(GateState s);

    void action(GateAction a);

    /** A vehicle arrived on the loop of a closed barrier: the camera should capture this many frames now. */
    void trigger(int frames);
  }

  private final Vertx vertx;
  private final String lane;
  private final LaneGate g;
  private final GateDriver driver;
  private final Out out;
  private final SequencedSet<String> decisions = new LinkedHashSet<>();
  private String state = "closed";
  private Instant since = Instant.now();
  private String fault;
  private String lastDecisionId;
  private long pulseTimer = -1;
  private long stepTimer = -1;

  GateMachine(Vertx vertx, String lane, LaneGate g, GateDriver driver, Out out) {
    this.vertx = vertx;
    this.lane = lane;
    this.g = g;
    this.driver = driver;
    this.out = out;
  }

  /** Reads the inputs once (a barrier found at its open limit counts as open) and starts listening to them. */
  void start() {
    driver.onInputs(this::loopChanged, this::positionChanged);
    if (Boolean.TRUE.equals(driver.position())) {
      state = "open";
      scheduleAutoClose();
    }
    publish();
  }

  String lane() {
    return lane;
  }

  GateState snapshot() {
    return new GateState(lane, state, driver.relayOn(), driver.pulses(), since, lastDecisionId, driver.loop(),
        driver.position(), fault);
  }

  /** Carries out a command; the future fails with a {@link ReplyException} (code and reason) when refused. */
  Future<GateState> command(GateCommand c, long maxAgeMs) {
    long age = Duration.between(c.issuedAt(), Instant.now()).toMillis();
    if (age > maxAgeMs) {
      return refuse(c, "stale", 409, "stale command: issued " + age + " ms ago, limit " + maxAgeMs + " ms");
    }
    if (!c.manual() && !firstTimeFor(c.decisionId())) {
      return refuse(c, "duplicate", 409, "decision " + c.decisionId() + " already acted on");
    }
    return switch (c.action()) {
      case "open" -> {
        if (state.equals("fault") && !c.manual()) {
          yield refuse(c, "fault", 409, "gate in fault (" + fault + "): only a person may open it");
        }
        yield open(c);
      }
      case "close" -> {
        if (Boolean.TRUE.equals(driver.loop())) {
          yield refuse(c, "occupied", 409, "a vehicle is on the loop: the barrier stays open");
        }
        if (!g.hold() && !driver.hasCloseRelay() && !state.equals("closed")) {
          yield refuse(c, "invalid", 409, "this barrier closes by itself (pulse mode without a close relay)");
        }
        yield close(c);
      }
      case "reset" -> c.manual() ? reset(c) : refuse(c, "invalid", 400, "only a person may reset a fault");
      default -> refuse(c, "invalid", 400, "unknown gate action '" + c.action() + "' (open, close or reset)");
    };
  }

  private boolean firstTimeFor(String decisionId) {
    if (!decisions.add(decisionId)) {
      return false;
    }
    if (decisions.size() > REMEMBERED_DECISIONS) {
      decisions.removeFirst();
    }
    return true;
  }

  private Future<GateState> refuse(GateCommand c, String result, int code, String message) {
    LOG.warn("Gate {} refused {} by {} (decision {}): {}", lane, c.action(), c.by(), c.decisionId(), message);
    audit(c.action(), result, c);
    return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, message));
  }

  private Future<GateState> open(GateCommand c) {
    if (c.decisionId() != null) {
      lastDecisionId = c.decisionId();
    }
    if (state.equals("open") || state.equals("opening")) {
      // already on its way up: a following vehicle only restarts the auto-close
      if (state.equals("open")) {
        scheduleAutoClose();
      }
      audit("open", "done", c);
      return Future.succeededFuture(snapshot());
    }
    boolean wasClosing = state.equals("closing");
    cancelTimers();
    fault = null;
    if (wasClosing && driver.hasCloseRelay()) {
      driver.closeRelay(false);
    }
    Future<Void> energised = driver.openRelay(true);
    enter("opening");
    if (!g.hold()) {
      pulseTimer = vertx.setTimer(g.pulseMs(), t -> {
        pulseTimer = -1;
        driver.openRelay(false).onFailure(e -> enterFault("relay did not release: " + e.getMessage()));
        publish();
      });
    }
    stepTimer = vertx.setTimer(Math.max(1, g.travelMs()), t -> {
      stepTimer = -1;
      if (Boolean.FALSE.equals(driver.position())) {
        enterFault("barrier did not reach its open limit within " + g.travelMs() + " ms");
      } else {
        reachedOpen();
      }
    });
    return switched(energised, "open", c);
  }

  /** Audits a relay switch once it is done; a relay that could not be switched puts the gate in fault. */
  private Future<GateState> switched(Future<Void> relay, String action, GateCommand c) {
    return relay
        .map(v -> {
          audit(action, "done", c);
          return snapshot();
        })
        .recover(e -> {
          enterFault("relay unreachable: " + e.getMessage());
          audit(action, "failed", c);
          return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 502,
              "the relay of lane " + lane + " did not switch: " + e.getMessage()));
        });
  }

  private void reachedOpen() {
    cancelTimers();
    enter("open");
    scheduleAutoClose();
  }

  private void scheduleAutoClose() {
    cancelStep();
    if (Boolean.TRUE.equals(driver.loop())) {
      return; // the loop clearing schedules it
    }
    stepTimer = vertx.setTimer(g.autoCloseMs(), t -> {
      stepTimer = -1;
      if (state.equals("open") && !Boolean.TRUE.equals(driver.loop())) {
        close(internal("close", "auto", "auto-close after " + g.autoCloseMs() + " ms open"));
      }
    });
  }

  private Future<GateState> close(GateCommand c) {
    if (state.equals("closed")) {
      audit("close", "done", c);
      return Future.succeededFuture(snapshot());
    }
    cancelTimers();
    Future<Void> released = driver.relayOn() ? driver.openRelay(false) : Future.succeededFuture();
    Future<Void> moved = released;
    if (!g.hold() && driver.hasCloseRelay()) {
      moved = released.compose(v -> driver.closeRelay(true));
      pulseTimer = vertx.setTimer(g.pulseMs(), t -> {
        pulseTimer = -1;
        driver.closeRelay(false);
      });
    }
    enter("closing");
    stepTimer = vertx.setTimer(Math.max(1, g.travelMs()), t -> {
      stepTimer = -1;
      if (Boolean.TRUE.equals(driver.position())) {
        enterFault("barrier did not leave its open limit within " + g.travelMs() + " ms");
      } else {
        enter("closed");
      }
    });
    return switched(moved, "close", c);
  }

  private Future<GateState> reset(GateCommand c) {
    cancelTimers();
    driver.release();
    fault = null;
    enter(Boolean.TRUE.equals(driver.position()) ? "open" : "closed");
    audit("reset", "done", c);
    return Future.succeededFuture(snapshot());
  }

  private void loopChanged(boolean occupied) {
    if (occupied) {
      switch (state) {
        case "open" -> cancelStep(); // the auto-close waits for the loop to clear
        case "closing" -> {
          LOG.warn("Gate {}: vehicle on the loop while closing, opening again", lane);
          open(internal("open", "loop", "vehicle on the loop while the barrier closed"));
          return;
        }
        case "closed" -> {
          if (g.burstFrames() > 0) {
            out.trigger(g.burstFrames());
          }
        }
        default -> {
        }
      }
    } else if (state.equals("open")) {
      scheduleAutoClose();
    }
    publish();
  }

  private void positionChanged(boolean atOpenLimit) {
    if (atOpenLimit) {
      switch (state) {
        case "opening" -> reachedOpen();
        case "closed" -> {
          audit("open", "done", internal("open", "barrier", "opened outside the controller"));
          enter("open");
          scheduleAutoClose();
        }
        default -> publish();
      }
    } else if (state.equals("open")) {
      audit("close", "done", internal("close", "barrier", "closed outside the controller"));
      cancelTimers();
      enter("closing");
      stepTimer = vertx.setTimer(Math.max(1, g.travelMs()), t -> {
        stepTimer = -1;
        enter("closed");
      });
    } else {
      publish();
    }
  }

  private void enterFault(String why) {
    if (state.equals("fault") && why.equals(fault)) {
      return;
    }
    LOG.error("Gate {} in fault: {}; relays released", lane, why);
    cancelTimers();
    driver.release();
    fault = why;
    enter("fault");
  }

  private void enter(String s) {
    state = s;
    since = Instant.now();
    publish();
  }

  private void cancelTimers() {
    if (pulseTimer >= 0) {
      vertx.cancelTimer(pulseTimer);
      pulseTimer = -1;
    }
    cancelStep();
  }

  /** Cancels the travel or auto-close timer. */
  private void cancelStep() {
    if (stepTimer >= 0) {
      vertx.cancelTimer(stepTimer);
      stepTimer = -1;
    }
  }

  private void publish() {
    out.state(snapshot());
  }

  /** An action of the machine itself or of its inputs, on record as if commanded. */
  private GateCommand internal(String action, String by, String why) {
    return new GateCommand(lane, action, null, Instant.now(), by, why);
  }

  /** The action's row for the audit: who, why, and the decision or the vehicle it was for. */
  private void audit(String action, String result, GateCommand c) {
    out.action(new GateAction(lane, Instant.now(), action, result, c.decisionId(), c.by(), c.why(), c.vehicle()));
  }

  /** Safe state: timers stopped, every relay released. */
  void stop() {
    cancelTimers();
    driver.release();
  }
}
