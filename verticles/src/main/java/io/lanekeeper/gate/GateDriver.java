package io.lanekeeper.gate;

import io.vertx.core.Future;
import java.util.function.Consumer;

/**
 * What the gate's state machine drives: the relay on the barrier controller's open input, an optional relay on
 * its close input, and the optional loop-detector and position inputs. Calls come from the gate verticle's event
 * loop; input callbacks are delivered there too.
 */
interface GateDriver {

  /** Energises or releases the open relay; fails when the relay cannot be reached (the gate goes to fault). */
  Future<Void> openRelay(boolean on);

  /** Energises or releases the close relay; succeeds at once when there is none. */
  Future<Void> closeRelay(boolean on);

  boolean hasCloseRelay();

  /** Whether the open relay is energised now (as last set). */
  boolean relayOn();

  /** How many times the open relay has been energised since start (counted from the output itself). */
  long pulses();

  /** Vehicle on the loop now; null when no loop is wired. */
  Boolean loop();

  /** Barrier at its open limit now; null when no position input is wired. */
  Boolean position();

  /** Where input changes go (on the verticle's context). */
  void onInputs(Consumer<Boolean> loopChanged, Consumer<Boolean> positionChanged);

  /** Releases every relay at once, from any thread (shutdown, crash hook). */
  void release();

  /** Releases the relays and gives the lines back (the lane gets another wiring); blocking. */
  default void close() {
    release();
  }

  String describe();
}
