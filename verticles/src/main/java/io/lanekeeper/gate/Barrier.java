package io.lanekeeper.gate;

import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.lanekeeper.bus.GateState;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.SequencedSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The barrier of one lane: its relay and its state. Not thread-safe: the gate verticle's event loop
 * owns it.
 */
final class Barrier {

  private static final int REMEMBERED_DECISIONS = 256;

  private final String lane;
  private final DigitalOutput relay;
  private final SequencedSet<String> decisions = new LinkedHashSet<>();
  private String state = "closed";
  private Instant since = Instant.now();
  private final AtomicLong pulses = new AtomicLong();
  private String lastDecisionId;
  private long timer = -1;

  Barrier(String lane, DigitalOutput relay) {
    this.lane = lane;
    this.relay = relay;
    // count the edges the pin itself reports, so the figure proves the output really moved
    relay.addListener(e -> {
      if (e.state() == DigitalState.HIGH) {
        pulses.incrementAndGet();
      }
    });
  }

  String lane() {
    return lane;
  }

  /** Records the decision id; false when it was seen before (one pulse per decision, ever). */
  boolean firstTimeFor(String decisionId) {
    if (decisionId == null) {
      return true;
    }
    if (decisions.contains(decisionId)) {
      return false;
    }
    decisions.add(decisionId);
    if (decisions.size() > REMEMBERED_DECISIONS) {
      decisions.removeFirst();
    }
    lastDecisionId = decisionId;
    return true;
  }

  void relay(boolean on) {
    if (on) {
      relay.high();
    } else {
      relay.low();
    }
  }

  void state(String s) {
    state = s;
    since = Instant.now();
  }

  String state() {
    return state;
  }

  long timer() {
    return timer;
  }

  void timer(long id) {
    timer = id;
  }

  GateState snapshot() {
    return new GateState(lane, state, relay.isHigh(), pulses.get(), since, lastDecisionId);
  }

  void release() {
    relay.low();
  }
}
