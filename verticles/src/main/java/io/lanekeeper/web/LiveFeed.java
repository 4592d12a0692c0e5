package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.Redaction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws}: the dashboard's live stream, for viewers and up (checked at the upgrade, with the origin). A client
 * gets a snapshot on connect, then every fact of the bus as {@code {"type", "data"}}. A client that reconnects
 * says what it saw last ({@code ?since=}) and the snapshot carries the decisions it missed. The fan-out never
 * waits for a client: a socket whose write queue is full misses the fact (and it is counted), so one slow phone
 * cannot hold up the others or the event loop. A connection lives as long as its session: logging out, or an
 * admin disabling the account, closes it; while it is open it keeps the session from going idle.
 */
final class LiveFeed {

  private static final Logger LOG = LoggerFactory.getLogger(LiveFeed.class);

  /** Bus address to the {@code type} the browser sees. */
  private static final Map<String, String> FACTS = Map.of(
      Addresses.ANPR_READ, "read",
      Addresses.ACCESS_DECISION, "decision",
      Addresses.GATE_STATE, "gate",
      Addresses.CAMERA_STATUS, "camera",
      Addresses.GATE_ACTION, "gateAction",
      Addresses.LOT_OCCUPANCY, "lot",
      Addresses.LANE_PUBLIC, "lane",
      Addresses.ALERT_STATE, "alert",
      Addresses.VEHICLE_PARKED, "parked");

  private static final long KEEPALIVE_MS = 60_000;
  /** Facts held for one client while its snapshot is made (a database that answers slowly). */
  private static final int MAX_HELD = 1000;

  private final Vertx vertx;
  private final Function<Instant, Future<JsonObject>> snapshot;
  private final Sessions sessions;
  private final Map<ServerWebSocket, Client> clients = new LinkedHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private long keepalive = -1;

  LiveFeed(Vertx vertx, Function<Instant, Future<JsonObject>> snapshot, Sessions sessions) {
    this.vertx = vertx;
    this.snapshot = snapshot;
    this.sessions = sessions;
    sessions.onEnd(s -> clients.entrySet().stream().filter(e -> s.id.equals(e.getValue().session))
        .map(Map.Entry::getKey).toList().forEach(ws -> ws.close((short) 4401, "session ended")));
  }

  void mount(ApiRoutes api) {
    api.get("/ws", Role.VIEWER, this::upgrade);
  }

  Future<Void> start() {
    keepalive = vertx.setPeriodic(KEEPALIVE_MS, t -> {
      long now = System.currentTimeMillis();
      clients.values().stream().map(c -> c.session).filter(java.util.Objects::nonNull).distinct()
          .forEach(id -> sessions.touch(id, now));
    });
    // site-wide: the facts of every device of the site reach the dashboards of each
    FACTS.forEach((address, type) -> consumers.add(vertx.eventBus().consumer(address, m -> fanOut(type,
        // a camera's error names its address: masked here too, whichever camera published it
        type.equals("camera") && m.body() instanceof JsonObject status ? Redaction.json(status) : m.body()))));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  Future<Void> close() {
    vertx.cancelTimer(keepalive);
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
    java.time.OffsetDateTime sinceParam = Params.time(ctx, "since");
    Instant since = sinceParam == null ? null : sinceParam.toInstant();
    Sessions.Session session = Auth.session(ctx);
    String sessionId = session == null ? null : session.id;
    ctx.request().toWebSocket().onSuccess(ws -> join(ws, sessionId, since))
        .onFailure(t -> LOG.debug("WebSocket handshake failed: {}", t.toString()));
  }

  /**
   * The snapshot goes first; the socket joins the fan-out only once it is written, so facts follow it. Package-private
   * for the test that joins sockets which fail.
   */
  void join(ServerWebSocket ws, String session, Instant since) {
    Client client = new Client(ws.remoteAddress() == null ? "?" : ws.remoteAddress().toString(), session);
    ws.closeHandler(v -> leave(ws));
    ws.exceptionHandler(t -> LOG.debug("WebSocket {}: {}", client.address, t.toString()));
    // The browser has nothing to say yet; whatever it sends is read and dropped.
    ws.handler(b -> { });
    // in the fan-out at once (and closed with its session), its facts held back until the snapshot is written
    clients.put(ws, client);
    snapshot.apply(since).onComplete(ar -> {
      if (ws.isClosed()) {
        return;
      }
      JsonObject s = ar.succeeded() ? ar.result() : new JsonObject();
      ws.writeTextMessage(s.put("type", "snapshot").encode());
      client.held.forEach(ws::writeTextMessage);
      client.held = null;
    });
  }

  private void leave(ServerWebSocket ws) {
    Client c = clients.remove(ws);
    if (c != null && c.dropped > 0) {
      LOG.info("Dashboard client {} left; it missed {} facts while it was slow", c.address, c.dropped);
    }
  }

  /** Sends a fact to every live dashboard (the bus's facts, and the site's devices as their heartbeats change). */
  void fanOut(String type, Object data) {
    if (clients.isEmpty()) {
      return;
    }
    String text = new JsonObject().put("type", type).put("data", data).encode();
    List<ServerWebSocket> failed = new ArrayList<>();
    clients.forEach((ws, client) -> {
      if (client.held != null) {
        if (client.held.size() < MAX_HELD) {
          client.held.add(text);
        } else {
          client.dropped++;
        }
      } else if (ws.isClosed()) {
        failed.add(ws);
      } else if (ws.writeQueueFull()) {
        client.dropped++;
      } else {
        try {
          ws.writeTextMessage(text);
        } catch (RuntimeException e) {
          // a tab closing between the check and the write: that connection goes, the others still get the fact
          failed.add(ws);
        }
      }
    });
    failed.forEach(this::leave);
  }

  /** One dashboard connection. */
  private static final class Client {
    final String address;
    /** The session the connection was opened with; null for an API token. */
    final String session;
    /** Facts published while its snapshot was being made, sent after it; null once it is live. */
    List<String> held = new ArrayList<>();
    long dropped;

    Client(String address, String session) {
      this.address = address;
      this.session = session;
    }
  }
}
