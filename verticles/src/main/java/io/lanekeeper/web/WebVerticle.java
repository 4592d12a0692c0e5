package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.LocalCodec;
import io.lanekeeper.config.HttpConfig;
import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API, the live WebSocket and the dashboard, on one HTTP server. It owns a small pool of
 * its own and starts whether or not the database is there: what needs the database answers 503
 * until it is back.
 */
public final class WebVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebVerticle.class);

  /**
   * The lanes a dashboard draws: those the database (or the configuration) lists, each of another device marked
   * away while that device is, and the lanes other devices announce that the database does not list yet.
   */
  private JsonArray siteLanes(JsonArray listed, JsonArray announced) {
    JsonArray out = new JsonArray();
    java.util.Set<String> ids = new java.util.HashSet<>();
    listed.forEach(o -> {
      JsonObject l = ((JsonObject) o).copy();
      String device = l.getString("device");
      if (device != null && !device.equals(node)) {
        l.put("away", site.away(device));
      }
      ids.add(l.getString("id"));
      out.add(l);
    });
    announced.forEach(o -> {
      if (!ids.contains(((JsonObject) o).getString("id"))) {
        out.add(o);
      }
    });
    return out;
  }

  /**
   * In a site, the devices that own lanes in its database are expected: one that is down when this device starts is
   * shown away after {@link SiteDirectory#GONE_MS}, its lanes with it. The lanes are read again every
   * {@link #SITE_LANES_MS}, so that a lane no device runs (none named, or its device does not run it) is alerted.
   * A database that does not answer (or has no {@code lanes.device} yet) leaves the site to the heartbeats alone.
   */
  private void expectDevices() {
    if (!vertx.isClustered()) {
      return;
    }
    readSiteLanes();
    siteLanesTimer = vertx.setPeriodic(SITE_LANES_MS, t -> readSiteLanes());
  }

  private void readSiteLanes() {
    db.query(WebQueries.SITE_LANES, io.vertx.sqlclient.Tuple.tuple()).onSuccess(rows -> {
      java.util.Map<String, JsonArray> devices = new java.util.LinkedHashMap<>();
      java.util.Map<String, String> owners = new java.util.LinkedHashMap<>();
      rows.forEach(r -> {
        String device = r.getString("device");
        owners.put(r.getString("id"), device);
        if (device != null) {
          devices.computeIfAbsent(device, d -> new JsonArray()).add(new JsonObject().put("id", r.getString("id"))
              .put("name", r.getString("name")).put("direction", r.getString("direction"))
              .put("lot", r.getString("lot_id")).put("enabled", r.getBoolean("enabled")));
        }
      });
      site.expect(devices);
      site.owners(owners);
    }).onFailure(t -> LOG.warn("Site: the lanes of the site's database could not be read ({}); each device is shown "
        + "once heard", t.getMessage()));
  }

  /** The browser may load only this server's own files; no inline script or style, no framing. */
  static final String CSP = "default-src 'self'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; "
      + "style-src 'self'; script-src 'self'; frame-ancestors 'none'";

  private static final int SNAPSHOT_EVENTS = 20;
  private static final int GAP_EVENTS = 500;
  /** How often a site's dashboard reads the site's lanes again, for the lanes no device runs. */
  static final long SITE_LANES_MS = 30_000;

  private final WebConfig config;
  private LaneDirectory directory;
  private Database db;
  private LiveState live;
  private LiveFeed feed;
  private LanesApi lanes;
  private EventsApi events;
  private HttpServer server;
  private long siteLanesTimer = -1;
  private Sessions sessions;
  private Auth auth;
  private AuthApi accounts;
  private HealthApi health;
  private List<ApiRoutes.Mounted> routes = List.of();
  private long sweeper = -1;
  private SiteDirectory site;
  /** This device's name in the site; null: a device on its own (tests). */
  private String node;
  /** This device's name when it is a member of a site cluster: the lanes it adds are its own. */
  private String siteDevice;

  /** With its configuration, built and validated by the controller (or a test). */
  public WebVerticle(WebConfig config) {
    this.config = config;
  }

  /** This device's name in the site, for the dashboard (set before it is deployed). */
  public WebVerticle node(String name) {
    this.node = name;
    return this;
  }

  /** The device of the site whose lanes this web stores (a device of a cluster), or null on its own. */
  public WebVerticle siteDevice(String name) {
    this.siteDevice = name;
    return this;
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx);
    db = new Database(vertx, config.db(), config.poolSize(), config.http().dbTimeoutMs());
    live = new LiveState(vertx);
    directory = new LaneDirectory(config.lanes());
    // an admin changed a lane and the controller runs it: the routes see it from now
    vertx.eventBus().<JsonObject>localConsumer(Addresses.lanesChanged("web"), m -> {
      directory.put(LaneConfig.from(m.body(), "lane."));
      m.reply(new JsonObject());
    });
    site = new SiteDirectory(vertx, node, n -> feed.fanOut("node", n));
    lanes = new LanesApi(vertx, db, directory, live).site(site, siteDevice);
    events = new EventsApi(db, config.frames());
    sessions = new Sessions();
    auth = new Auth(sessions, config.http());
    feed = new LiveFeed(vertx, this::snapshot, sessions);
    Router router = router();
    sweeper = vertx.setPeriodic(60_000, t -> sessions.expire(System.currentTimeMillis()));
    return live.start()
        .compose(v -> site.start())
        .onSuccess(v -> expectDevices())
        .compose(v -> feed.start())
        .compose(v -> health.start())
        .compose(v -> vertx.createHttpServer(serverOptions()).requestHandler(router).listen())
        .onSuccess(s -> {
          server = s;
          String url = (config.http().tls() == null ? "http" : "https") + "://localhost:" + s.actualPort();
          LOG.info("Dashboard at {}/ (database {}, {} lanes)", url, db.describe(), directory.all().size());
          accounts.checkSetup(url);
        });
  }

  private HttpServerOptions serverOptions() {
    HttpServerOptions o = new HttpServerOptions().setHost(config.http().host()).setPort(config.http().port())
        .setCompressionSupported(true);
    HttpConfig.Tls tls = config.http().tls();
    if (tls != null) {
      o.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.certPath()).setKeyPath(tls.keyPath()));
    }
    return o;
  }

  /** The one-time token that creates the first admin, while there is no account; null after. */
  public String setupToken() {
    return accounts.setupToken();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    vertx.cancelTimer(siteLanesTimer);
    if (health != null) {
      health.stop();
    }
    Future<Void> sockets = feed == null ? Future.succeededFuture() : feed.close();
    return sockets
        .eventually(() -> server == null ? Future.succeededFuture() : server.close())
        .eventually(() -> live == null ? Future.succeededFuture() : live.close())
        .eventually(() -> site == null ? Future.succeededFuture() : site.close())
        .eventually(() -> db == null ? Future.succeededFuture() : db.close());
  }

  /** The routes the router was given, with their roles; for the test that holds them to {@code openapi.json}. */
  List<ApiRoutes.Mounted> routes() {
    return routes;
  }

  /** The port the server listens on; the configured one, or the one picked for port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  private Router router() {
    Router router = Router.router(vertx);
    router.route().handler(WebVerticle::securityHeaders);
    ApiRoutes api = new ApiRoutes(router, config.http().maxJsonBytes(), auth);
    accounts = new AuthApi(vertx, db, auth, config.setupTokenFile(), config.zone());
    accounts.mount(api);
    new UsersApi(vertx, db, sessions).mount(api);
    new AuditApi(db).mount(api);
    health = new HealthApi(vertx, db, live, directory, auth);
    health.mount(api);
    lanes.mount(api);
    new PlatesApi(db, directory).mount(api);
    new PassesApi(db).mount(api);
    new PresenceApi(vertx, db).mount(api);
    new PrivacyApi(vertx).mount(api);
    new ReportsApi(db).mount(api);
    events.mount(api);
    new GatesApi(vertx, live, directory, site).mount(api);
    api.get("/api/site", Role.VIEWER, ctx -> Replies.json(ctx, new JsonObject().put("node", node)
        .put("nodes", site.nodes())));
    new FramesApi(vertx, config, directory).site(siteDevice == null ? null : site).mount(api);
    feed.mount(api);
    new OpenApiDocument().mount(api);
    api.files(Role.ANYONE, StaticHandler.create("webroot").setIndexPage("index.html"));
    Failures failures = new Failures();
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    routes = api.mounted();
    return router;
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "same-origin")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Cache-Control", ctx.request().path().startsWith("/api/") ? "no-store" : "no-cache");
    if (ctx.request().isSSL()) {
      ctx.response().putHeader("Strict-Transport-Security", "max-age=31536000");
    }
    ctx.next();
  }

  /**
   * What a dashboard needs to draw itself before the first live fact arrives; for a dashboard coming back after
   * {@code since}, the decisions it missed (up to {@link #GAP_EVENTS}).
   */
  private Future<JsonObject> snapshot(Instant since) {
    Future<JsonObject> lanesNow = lanes.lanes();
    List<String> own = directory.ids();
    // the lanes of the site's other devices, from their heartbeats: drawn too, marked with their device
    JsonArray remote = site.remoteLanes(own);
    List<String> all = new java.util.ArrayList<>(own);
    remote.forEach(l -> all.add(((JsonObject) l).getString("id")));
    Future<JsonObject> gates = live.gatesOf(all);
    Future<JsonArray> recent = (since == null ? events.recent(SNAPSHOT_EVENTS) : events.since(since, GAP_EVENTS))
        .otherwise(t -> new JsonArray());
    Future<JsonArray> lots = db.query(WebQueries.LOTS, io.vertx.sqlclient.Tuple.tuple()).map(rows -> {
      JsonArray a = new JsonArray();
      rows.forEach(r -> a.add(new JsonObject().put("lot", r.getString("id")).put("name", r.getString("name"))
          .put("occupancy", r.getInteger("occupancy")).put("capacity", r.getInteger("capacity"))));
      return a;
    }).otherwise(t -> new JsonArray());
    // the alerts active now: this device's (none when it runs no alerts verticle) and, in a site, the other
    // devices' as their last heartbeats told
    Future<JsonArray> alerts = vertx.eventBus().<JsonObject>request(Addresses.ALERT_LIST, new JsonObject(),
            new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(1000))
        .map(m -> m.body().getJsonArray("alerts")).otherwise(t -> new JsonArray())
        .map(mine -> mine.copy().addAll(site.remoteAlerts()));
    return Future.all(lanesNow, gates, recent, lots, alerts).map(v -> new JsonObject()
        .put("alerts", alerts.result())
        .put("node", node)
        .put("nodes", site.nodes())
        .put("lanes", siteLanes(lanesNow.result().getJsonArray("lanes"), remote))
        .put("lots", lots.result())
        .put("gates", gates.result())
        .put("cameras", live.cameras())
        .put("recent", recent.result()));
  }
}
