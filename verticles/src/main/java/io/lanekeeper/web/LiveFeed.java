package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws}: the dashboard's live stream. A client gets a snapshot on connect, then every fact of
 * the bus as {@code {"type", "data"}}. The fan-out never waits for a client: a socket whose write
 * queue is full misses the fact (and it is counted), so one slow phone cannot hold up the others
 * or the event loop.
 */
final class LiveFeed {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  /** Bus address to the {@code type} the browser sees. */
  private static final Map<String, String> FACTS = Map.of(
      Addresses.ANPR_READ, "read",
      Addresses.ACCESS_DECISION, "decision",
      Addresses.GATE_STATE, "gate",
      Addresses.CAMERA_STATUS, "camera",
      Addresses.GATE_ACTION, "gateAction");

  private final Vertx vertx;
  private final Supplier<Future<JsonObject>> snapshot;
  private final Map<ServerWebSocket, Client> clients = new LinkedHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();

  LiveFeed(Vertx vertx, Supplier<Future<JsonObject>> snapshot) {
    this.vertx = vertx;
    this.snapshot = snapshot;
  }

  void mount(ApiRoutes api) {
    api.get("/ws", Role.VIEWER, this::upgrade);
  }

  Future<Void> start() {
    FACTS.forEach((address, type) -> consumers.add(vertx.eventBus().consumer(address, m -> fanOut(type, m.body()))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  Future<Void> close() {
    List<Future<Void>> closing = new ArrayList<>();
    consumers.forEach(c -> closing.add(c.unregister()));
    clients.keySet().forEach(ws -> closing.add(ws.close()));
    clients.clear();
    return Future.join(closing).mapEmpty();
  }

  int clients() {
    return clients.size();
  }

  private void upgrade(RoutingContext ctx) {
    if (!"websocket".equalsIgnoreCase(ctx.request().getHeader(HttpHeaders.UPGRADE))) {
      throw new ApiError(400, "websocket_expected", null, "/ws is a WebSocket; connect with an Upgrade request");
    }
    ctx.request().toWebSocket().onSuccess(this::join).onFailure(t -> LOG.debug("WebSocket handshake failed: {}", t.toString()));
  }

  /** The snapshot goes first; the socket joins the fan-out only once it is written, so facts follow it. */
  private void join(ServerWebSocket ws) {
    Client client = new Client(ws.remoteAddress() == null ? "?" : ws.remoteAddress().toString());
    ws.closeHandler(v -> leave(ws));
    ws.exceptionHandler(t -> LOG.debug("WebSocket {}: {}", client.address, t.toString()));
    // The browser has nothing to say yet; whatever it sends is read and dropped.
    ws.handler(b -> { });
    snapshot.get().onComplete(ar -> {
      if (ws.isClosed()) {
        return;
      }
      JsonObject s = ar.succeeded() ? ar.result() : new JsonObject();
      ws.writeTextMessage(s.put("type", "snapshot").encode());
      clients.put(ws, client);
    });
  }

  private void leave(ServerWebSocket ws) {
    Client c = clients.remove(ws);
    if (c != null && c.dropped > 0) {
      LOG.info("Dashboard client {} left; it missed {} facts while it was slow", c.address, c.dropped);
    }
  }

  private void fanOut(String type, Object data) {
    if (clients.isEmpty()) {
      return;
    }
    String text = new JsonObject().put("type", type).put("data", data).encode();
    clients.forEach((ws, client) -> {
      if (ws.writeQueueFull()) {
        client.dropped++;
      } else {
        ws.writeTextMessage(text);
      }
    });
  }

  /** One dashboard connection. */
  private static final class Client {
    final String address;
    long dropped;

    Client(String address) {
      this.address = address;
    }
  }
}
