package io.lanekeeper.web;

import io.lanekeeper.bus.LocalCodec;
import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API, the live WebSocket and the dashboard, on one HTTP server. It owns a small pool of
 * its own and starts whether or not the database is there: what needs the database answers 503
 * until it is back.
 */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);

  /** The browser may load only this server's own files; no inline script or style, no framing. */
  static final String CSP = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; "
      + "style-src 'self'; script-src 'self'; frame-ancestors 'none'";

  private static final int SNAPSHOT_EVENTS = 20;

  private WebConfig config;
  private Database db;
  private LiveState live;
  private LiveFeed feed;
  private LanesApi lanes;
  private EventsApi events;
  private HttpServer server;

  /** Reads its {@link WebConfig} from the deployment's JSON config. */
  public WebVerticle() {
  }

  /** With a configuration already built and validated (the assembler, tests). */
  public WebVerticle(WebConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    if (config == null) {
      config = WebConfig.from(config());
    }
    LocalCodec.register(vertx);
    db = new Database(vertx, config.db(), config.poolSize());
    live = new LiveState(vertx);
    lanes = new LanesApi(db, config.lanes(), live);
    events = new EventsApi(db);
    feed = new LiveFeed(vertx, this::snapshot);
    Router router = router();
    return live.start()
        .compose(v -> feed.start())
        .compose(v -> vertx.createHttpServer(new HttpServerOptions().setHost(config.http().host())
                .setPort(config.http().port()))
            .requestHandler(router)
            .listen())
        .onSuccess(s -> {
          server = s;
          LOG.info("Dashboard at http://localhost:{}/ (database {}, {} lanes)", s.actualPort(), db.describe(),
              config.lanes().size());
        });
  }

  @Override
  public Future<?> stop() {
    Future<Void> sockets = feed == null ? Future.succeededFuture() : feed.close();
    return sockets
        .eventually(() -> server == null ? Future.succeededFuture() : server.close())
        .eventually(() -> live == null ? Future.succeededFuture() : live.close())
        .eventually(() -> db == null ? Future.succeededFuture() : db.close());
  }

  /** The port the server listens on; the configured one, or the one picked for port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(WebVerticle::securityHeaders);
    ApiRoutes api = new ApiRoutes(router, config.http().maxJsonBytes());
    new HealthApi(vertx, db, live, config.lanes()).mount(api);
    lanes.mount(api);
    new PlatesApi(db).mount(api);
    new PassesApi(db).mount(api);
    events.mount(api);
    new GatesApi(live, config).mount(api);
    new FramesApi(vertx, config).mount(api);
    feed.mount(api);
    api.files("/*", Role.ANYONE, StaticHandler.create("webroot").setIndexPage("index.html"));
    Failures failures = new Failures();
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    return router;
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin");
    ctx.next();
  }

  /** What a dashboard needs to draw itself before the first live fact arrives. */
  private Future<JsonObject> snapshot() {
    Future<JsonObject> lanesNow = lanes.lanes();
    Future<JsonObject> gates = live.gatesOf(config.lanes().stream().map(LaneConfig::id).toList());
    Future<JsonArray> recent = events.recent(SNAPSHOT_EVENTS).otherwise(t -> new JsonArray());
    return Future.all(lanesNow, gates, recent).map(v -> new JsonObject()
        .put("lanes", lanesNow.result().getJsonArray("lanes"))
        .put("gates", gates.result())
        .put("cameras", live.cameras())
        .put("recent", recent.result()));
  }
}
