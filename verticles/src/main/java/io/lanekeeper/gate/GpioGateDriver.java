package io.lanekeeper.gate;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import io.lanekeeper.config.LaneGate;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** A barrier on local GPIO lines through Pi4J (gpiod or mock provider). */
final class GpioGateDriver implements GateDriver {

  private final LaneGate g;
  private final DigitalOutput open;
  private final DigitalOutput close;
  private final DigitalInput loop;
  private final DigitalInput position;
  private final AtomicLong pulses = new AtomicLong();
  private volatile boolean relayOn;

  private final Gpio gpio;

  GpioGateDriver(Gpio gpio, String lane, LaneGate g) {
    this.g = g;
    this.gpio = gpio;
    open = gpio.output(g.chip(), "relay-" + lane, "Barrier open relay of lane " + lane, g.relayLine(), g.activeLow());
    close = g.closeLine() < 0 ? null
        : gpio.output(g.chip(), "close-relay-" + lane, "Barrier close relay of lane " + lane, g.closeLine(),
            g.activeLow());
    loop = g.hasLoop()
        ? gpio.input(g.chip(), "loop-" + lane, "Loop detector of lane " + lane, g.loopLine(), g.loopActiveLow())
        : null;
    position = g.hasPosition()
        ? gpio.input(g.chip(), "position-" + lane, "Barrier open limit of lane " + lane, g.positionLine(),
            g.positionActiveLow())
        : null;
    // count the edges the output itself reports, so the figure proves the line really moved
    DigitalState on = g.activeLow() ? DigitalState.LOW : DigitalState.HIGH;
    open.addListener(e -> {
      if (e.state() == on) {
        pulses.incrementAndGet();
      }
    });
  }

  @Override
  public Future<Void> openRelay(boolean on) {
    set(open, on);
    relayOn = on;
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> closeRelay(boolean on) {
    if (close != null) {
      set(close, on);
    }
    return Future.succeededFuture();
  }

  private void set(DigitalOutput out, boolean on) {
    if (on != g.activeLow()) {
      out.high();
    } else {
      out.low();
    }
  }

  @Override
  public boolean hasCloseRelay() {
    return close != null;
  }

  @Override
  public boolean relayOn() {
    return relayOn;
  }

  @Override
  public long pulses() {
    return pulses.get();
  }

  @Override
  public Boolean loop() {
    return loop == null ? null : active(loop, g.loopActiveLow());
  }

  @Override
  public Boolean position() {
    return position == null ? null : active(position, g.positionActiveLow());
  }

  private static boolean active(DigitalInput in, boolean activeLow) {
    return in.state() == (activeLow ? DigitalState.LOW : DigitalState.HIGH);
  }

  @Override
  public void onInputs(Consumer<Boolean> loopChanged, Consumer<Boolean> positionChanged) {
    Context ctx = io.vertx.core.Vertx.currentContext();
    if (loop != null) {
      loop.addListener(e -> ctx.runOnContext(v -> loopChanged.accept(loop())));
    }
    if (position != null) {
      position.addListener(e -> ctx.runOnContext(v -> positionChanged.accept(position())));
    }
  }

  @Override
  public void release() {
    relayOn = false;
    set(open, false);
    if (close != null) {
      set(close, false);
    }
  }

  @Override
  public void close() {
    release();
    for (var io : new com.pi4j.io.IO<?, ?, ?>[] {open, close, loop, position}) {
      if (io != null) {
        gpio.free(g.chip(), io.id());
      }
    }
  }

  @Override
  public String describe() {
    return "gpio " + g.chip() + " line " + g.relayLine() + (g.activeLow() ? " (active low)" : "")
        + (close != null ? ", close line " + g.closeLine() : "")
        + (loop != null ? ", loop line " + g.loopLine() : "")
        + (position != null ? ", open limit line " + g.positionLine() : "");
  }
}
