package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.Redaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest gate state and camera status of every lane, as published on the bus; what the health
 * check, the lane list and the WebSocket snapshot show without asking anyone.
 */
final class LiveState {

  private static final long QUERY_TIMEOUT_MS = 1000;

  private final Vertx vertx;
  private final Map<String, JsonObject> gates = new TreeMap<>();
  private final Map<String, JsonObject> cameras = new TreeMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  LiveState(Vertx vertx) {
    this.vertx = vertx;
  }

  Future<Void> start() {
    // site-wide: the barriers and cameras of every device of the site, for the dashboard of any of them
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.GATE_STATE, m -> remember(gates, m.body())));
    // a camera of another node, or of an older version, may not mask its errors itself
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS,
        m -> remember(cameras, m.body() == null ? null : Redaction.json(m.body()))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  Future<Void> close() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  JsonObject gate(String lane) {
    return gates.get(lane);
  }

  JsonObject camera(String lane) {
    return cameras.get(lane);
  }

  JsonObject gates() {
    return new JsonObject(new TreeMap<String, Object>(gates));
  }

  JsonObject cameras() {
    return new JsonObject(new TreeMap<String, Object>(cameras));
  }

  /** Asks the gate of the lane for its state now, and remembers the answer. */
  Future<JsonObject> queryGate(String lane) {
    return vertx.eventBus()
        .<JsonObject>request(Addresses.gateQuery(lane), new JsonObject(),
            new DeliveryOptions().setSendTimeout(QUERY_TIMEOUT_MS))
        .map(m -> {
          gates.put(lane, m.body());
          return m.body();
        });
  }

  /** The remembered state of each lane's gate, asking the gates nobody has heard from yet. */
  Future<JsonObject> gatesOf(List<String> lanes) {
    List<Future<JsonObject>> asks = lanes.stream()
        .filter(l -> !gates.containsKey(l))
        .map(l -> queryGate(l).otherwise(t -> null))
        .toList();
    return Future.join(asks).map(v -> gates());
  }

  private static void remember(Map<String, JsonObject> into, JsonObject status) {
    String lane = status == null ? null : status.getString("lane");
    if (lane != null) {
      into.put(lane, status);
    }
  }
}
