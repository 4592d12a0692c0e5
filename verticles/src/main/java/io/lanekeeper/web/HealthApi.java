package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /health}: the database, the recognition model, the cameras and the gates. UP when all
 * of them are; DOWN (503) when neither the database nor the model answers, since the controller can
 * then neither recognise nor record; DEGRADED (200) in between, because a gate device keeps
 * deciding with a part missing.
 */
final class HealthApi {

  private static final long DB_TIMEOUT_MS = 1500;
  private static final long MODEL_TIMEOUT_MS = 1000;

  private final Vertx vertx;
  private final Database db;
  private final LiveState live;
  private final LaneDirectory directory;
  private final Auth auth;

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
  }

  private void health(RoutingContext ctx) {
    Future<JsonObject> database = database();
    Future<JsonObject> model = model();
    List<String> lanes = directory.ids();
    Future<JsonObject> gates = live.gatesOf(lanes);
    Future.all(database, model, gates).onComplete(ar -> {
      JsonObject cameras = live.cameras();
      JsonObject body = new JsonObject()
          .put("status", overall(lanes, database.result(), model.result(), cameras, gates.result()))
          .put("database", database.result())
          .put("model", model.result())
          .put("cameras", cameras)
          .put("gates", gates.result());
      Replies.json(ctx, body.getString("status").equals("DOWN") ? 503 : 200, loggedIn(ctx) ? body : statusesOnly(body));
    });
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
    JsonObject cameras = new JsonObject();
    body.getJsonObject("cameras").forEach(e -> cameras.put(e.getKey(), status(cameraUp((JsonObject) e.getValue()))));
    JsonObject gates = new JsonObject();
    body.getJsonObject("gates").forEach(e -> gates.put(e.getKey(), status(gateUp((JsonObject) e.getValue()))));
    return new JsonObject().put("status", body.getString("status"))
        .put("database", new JsonObject().put("status", body.getJsonObject("database").getString("status")))
        .put("model", new JsonObject().put("status", body.getJsonObject("model").getString("status")))
        .put("cameras", cameras).put("gates", gates);
  }

  private static JsonObject status(boolean up) {
    return new JsonObject().put("status", up ? "UP" : "DOWN");
  }

  private Future<JsonObject> database() {
    return db.ping(DB_TIMEOUT_MS)
        .map(v -> part("UP", db.describe()))
        .otherwise(t -> part("DOWN", db.describe() + ": " + Database.classify(t).getMessage()));
  }

  private Future<JsonObject> model() {
    return vertx.eventBus()
        .<JsonObject>request(Addresses.HEALTH_MODEL, new JsonObject(), new DeliveryOptions().setSendTimeout(MODEL_TIMEOUT_MS))
        .map(m -> m.body() == null ? part("DOWN", "empty answer") : m.body())
        .otherwise(t -> part("DOWN", "no answer from the recognition engine (" + t.getMessage() + ")"));
  }

  private static String overall(List<String> lanes, JsonObject database, JsonObject model, JsonObject cameras,
                                JsonObject gates) {
    boolean dbUp = up(database);
    boolean modelUp = up(model);
    if (!dbUp && !modelUp) {
      return "DOWN";
    }
    boolean lanesUp = lanes.stream().allMatch(l -> cameraUp(cameras.getJsonObject(l)) && gateUp(gates.getJsonObject(l)));
    boolean camerasUp = cameras.stream().allMatch(e -> e.getValue() instanceof JsonObject c && cameraUp(c));
    return dbUp && modelUp && lanesUp && camerasUp ? "UP" : "DEGRADED";
  }

  private static boolean up(JsonObject part) {
    return "UP".equals(part.getString("status"));
  }

  private static boolean cameraUp(JsonObject camera) {
    return camera != null && camera.getBoolean("up", false);
  }

  private static boolean gateUp(JsonObject gate) {
    return gate != null && !"fault".equals(gate.getString("state"));
  }

  private static JsonObject part(String status, String detail) {
    return new JsonObject().put("status", status).put("detail", detail);
  }
}
