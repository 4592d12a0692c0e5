package io.lanekeeper.gate;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.RelaySwitch;
import io.lanekeeper.config.LaneGate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.function.Consumer;

/**
 * A barrier whose relay is switched over MQTT (a networked relay board or a smart relay listening on a topic).
 * Each switch is published at QoS 1 by the MQTT verticle, which answers once the broker has acknowledged it; no
 * answer (broker away, no MQTT verticle) fails the switch and puts the gate in fault rather than queueing an open
 * that would arrive late.
 */
final class MqttRelayDriver implements GateDriver {

  static final long ACK_TIMEOUT_MS = 2000;

  private final Vertx vertx;
  private final LaneGate g;
  private boolean relayOn;
  private long pulses;

  MqttRelayDriver(Vertx vertx, LaneGate g) {
    this.vertx = vertx;
    this.g = g;
  }

  @Override
  public Future<Void> openRelay(boolean on) {
    relayOn = on;
    if (on) {
      pulses++;
    }
    return send(on ? g.relayOn() : g.relayOff());
  }

  private Future<Void> send(String payload) {
    return vertx.eventBus().request(Addresses.MQTT_RELAY, new RelaySwitch(g.relayTopic(), payload).toJson(),
            new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MS))
        .mapEmpty();
  }

  @Override
  public Future<Void> closeRelay(boolean on) {
    return Future.succeededFuture();
  }

  @Override
  public boolean hasCloseRelay() {
    return false;
  }

  @Override
  public boolean relayOn() {
    return relayOn;
  }

  @Override
  public long pulses() {
    return pulses;
  }

  @Override
  public Boolean loop() {
    return null;
  }

  @Override
  public Boolean position() {
    return null;
  }

  @Override
  public void onInputs(Consumer<Boolean> loopChanged, Consumer<Boolean> positionChanged) {
  }

  @Override
  public void release() {
    if (relayOn) {
      relayOn = false;
      // best effort: at shutdown the broker may be gone; the relay's own off-timer is the real safety (docs/gate.md)
      send(g.relayOff());
    }
  }

  @Override
  public String describe() {
    return "mqtt relay on " + g.relayTopic();
  }
}
