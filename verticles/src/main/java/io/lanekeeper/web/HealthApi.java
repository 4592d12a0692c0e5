package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /health}: the database, the recognition model, the cameras and the gates of the enabled lanes (a lane
 * without a barrier has no gate to watch). UP when all of them are; DOWN (503) when neither the database nor the
 * model answers, since the controller can then neither recognise nor record; DEGRADED (200) in between, because a
 * gate device keeps deciding with a part missing.
 *
 * <p>The answer comes from what the web already holds, refreshed in the background every {@link #REFRESH_MS}: a
 * probe must get it in milliseconds however the parts are, and a database or an engine that hangs must not hang
 * the probe too. Without a session or an API token it says only UP, DEGRADED or DOWN per part; with one, the
 * details (addresses, errors; secrets masked).
 */
final class HealthApi {

  static final long REFRESH_MS = 2000;
  private static final long DB_TIMEOUT_MS = 1500;
  private static final long ASK_TIMEOUT_MS = 1000;

  private final Vertx vertx;
  private final Database db;
  private final LiveState live;
  private final LaneDirectory directory;
  private final Auth auth;
  private JsonObject database = part("DOWN", "not checked yet");
  private JsonObject model = part("DOWN", "not checked yet");
  private Instant checkedAt;
  private boolean refreshing;
  private long timer = -1;

  HealthApi(Vertx vertx, Database db, LiveState live, LaneDirectory directory, Auth auth) {
    this.vertx = vertx;
    this.db = db;
    this.live = live;
    this.directory = directory;
    this.auth = auth;
  }

  void mount(ApiRoutes api) {
    // Probes and monitors ask without logging in.
    api.get("/health", Role.ANYONE, this::health);
    // the alerts active now, for the header of pages without the dashboard's live connection
    api.get("/api/alerts", Role.VIEWER, ctx -> Replies.send(ctx, vertx.eventBus().<JsonObject>request(
            Addresses.ALERT_LIST, new JsonObject(), new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS))
        .map(m -> m.body())
        .recover(t -> Future.failedFuture(ApiError.unavailable("alerts_unavailable",
            "the alerts of this controller do not answer")))));
  }

  /** Takes the first look (bounded by the timeouts above), then looks again every {@link #REFRESH_MS}. */
  Future<Void> start() {
    timer = vertx.setPeriodic(REFRESH_MS, t -> refresh());
    return refresh();
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private Future<Void> refresh() {
    if (refreshing) {
      return Future.succeededFuture();
    }
    refreshing = true;
    Future<JsonObject> dbNow = databaseNow();
    Future<JsonObject> modelNow = ask(Addresses.HEALTH_MODEL)
        .otherwise(t -> part("DOWN", "no answer from the recognition engine (" + t.getMessage() + ")"));
    Future<JsonObject> gatesNow = live.gatesOf(barriers());
    return Future.join(dbNow, modelNow, gatesNow).otherwiseEmpty().map(v -> {
      database = dbNow.result();
      model = modelNow.result();
      checkedAt = Instant.now();
      refreshing = false;
      return null;
    });
  }

  /** The web's own ping, and the store's view when it runs here: whether it writes, and what waits in its outbox. */
  private Future<JsonObject> databaseNow() {
    Future<JsonObject> store = ask(Addresses.HEALTH_DATABASE).otherwiseEmpty();
    // the embedded server's supervisor, when this controller runs one: restarts and why it last went down
    Future<JsonObject> server = ask(Addresses.HEALTH_DATABASE_SERVER).otherwiseEmpty();
    Future<JsonObject> ping = db.ping(DB_TIMEOUT_MS)
        .map(v -> part("UP", db.describe()))
        .otherwise(t -> part("DOWN", db.describe() + ": " + Database.classify(t).getMessage()));
    return Future.join(store, server, ping).otherwiseEmpty().map(v -> {
      JsonObject p = ping.result();
      JsonObject e = server.result();
      if (e != null) {
        p.put("server", e.getString("status")).put("restarts", e.getValue("restarts"))
            .put("lastError", e.getString("lastError"));
      }
      JsonObject s = store.result();
      if (s != null) {
        p.put("store", s.getString("status")).put("outbox", s.getValue("outbox"));
        if (up(p) && !"UP".equals(s.getString("status"))) {
          p.put("status", "DEGRADED");
        }
      }
      return p;
    });
  }

  private Future<JsonObject> ask(String address) {
    return vertx.eventBus()
        .<JsonObject>request(address, new JsonObject(), new DeliveryOptions().setSendTimeout(ASK_TIMEOUT_MS))
        .map(m -> m.body() == null ? part("DOWN", "empty answer") : m.body());
  }

  private void health(RoutingContext ctx) {
    JsonObject cameras = new JsonObject();
    for (LaneConfig l : enabled()) {
      JsonObject c = live.camera(l.id());
      cameras.put(l.id(), c == null ? part("DOWN", "the camera has not reported")
          : c.copy().put("status", c.getBoolean("up", false) ? "UP" : "DOWN"));
    }
    JsonObject gates = new JsonObject();
    for (String lane : barriers()) {
      JsonObject g = live.gate(lane);
      gates.put(lane, g == null ? part("DOWN", "the gate has not answered")
          : g.copy().put("status", "fault".equals(g.getString("state")) ? "DOWN" : "UP"));
    }
    String overall = overall(cameras, gates);
    JsonObject body = new JsonObject().put("status", overall).put("database", database.copy())
        .put("model", model.copy()).put("cameras", cameras).put("gates", gates)
        .put("checkedAt", checkedAt == null ? null : checkedAt.toString());
    Replies.json(ctx, overall.equals("DOWN") ? 503 : 200, loggedIn(ctx) ? body : statusesOnly(body));
  }

  private List<LaneConfig> enabled() {
    return directory.all().stream().filter(LaneConfig::enabled).toList();
  }

  /** The enabled lanes that drive a barrier: those whose gate health means something. */
  private List<String> barriers() {
    return enabled().stream().filter(l -> !"none".equals(l.gate().driver())).map(LaneConfig::id).toList();
  }

  private String overall(JsonObject cameras, JsonObject gates) {
    if ("DOWN".equals(database.getString("status")) && !up(model)) {
      return "DOWN";
    }
    boolean partsUp = cameras.stream().allMatch(e -> up((JsonObject) e.getValue()))
        && gates.stream().allMatch(e -> up((JsonObject) e.getValue()));
    return up(database) && up(model) && partsUp ? "UP" : "DEGRADED";
  }

  /** A session or an API token sees the details (masked); a probe on the network sees how each part is, no more. */
  private boolean loggedIn(RoutingContext ctx) {
    try {
      return auth.identify(ctx) != null;
    } catch (ApiError e) {
      return false;
    }
  }

  private static JsonObject statusesOnly(JsonObject body) {
    JsonObject out = new JsonObject().put("status", body.getString("status"));
    for (String part : List.of("database", "model")) {
      out.put(part, statusOf(body.getJsonObject(part)));
    }
    for (String parts : List.of("cameras", "gates")) {
      JsonObject each = new JsonObject();
      body.getJsonObject(parts).forEach(e -> each.put(e.getKey(), statusOf((JsonObject) e.getValue())));
      out.put(parts, each);
    }
    return out;
  }

  private static JsonObject statusOf(JsonObject part) {
    return new JsonObject().put("status", part.getString("status"));
  }

  private static boolean up(JsonObject part) {
    return "UP".equals(part.getString("status"));
  }

  private static JsonObject part(String status, String detail) {
    return new JsonObject().put("status", status).put("detail", detail);
  }
}
