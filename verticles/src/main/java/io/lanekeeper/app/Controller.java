package io.lanekeeper.app;

import io.lanekeeper.anpr.AnprVerticle;
import io.lanekeeper.anpr.PlateRecognizer;
import io.lanekeeper.bus.LocalCodec;
import io.lanekeeper.camera.CameraVerticle;
import io.lanekeeper.config.AppConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.gate.GateVerticle;
import io.lanekeeper.matcher.MatcherVerticle;
import io.lanekeeper.mqtt.MqttVerticle;
import io.lanekeeper.store.StoreVerticle;
import io.lanekeeper.tracker.TrackerVerticle;
import io.lanekeeper.web.WebVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole controller in one process: deploys every verticle with its part of the configuration,
 * in the order that lets each find what it needs (MQTT, the gate and the store first, the cameras
 * and the web last).
 */
public final class Controller {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

  private final Vertx vertx;
  private final List<String> deployments = new ArrayList<>();
  private WebVerticle web;

  private Controller(Vertx vertx) {
    this.vertx = vertx;
  }

  public static Future<Controller> start(Vertx vertx, AppConfig cfg, DbTarget db, PlateRecognizer recognizer) {
    LocalCodec.register(vertx);
    Controller c = new Controller(vertx);
    JsonArray lanes = new JsonArray();
    cfg.lanes().forEach(l -> lanes.add(l.toJson()));
    JsonObject dbJson = db.toJson();
    long retryMs = cfg.db().retryMs();
    int workers = Math.max(1, cfg.anpr().getInteger("workers", 2));
    c.web = new WebVerticle();

    JsonObject mqtt = cfg.raw().getJsonObject("mqtt", new JsonObject());
    Future<?> chain = (mqtt.getBoolean("enabled", false)
        ? c.deploy(new MqttVerticle(), new JsonObject().put("mqtt", mqtt).put("lanes", lanes))
        : Future.succeededFuture())
        .compose(v -> c.deploy(new GateVerticle(), new JsonObject()
            .put("gate", cfg.raw().getJsonObject("gate", new JsonObject())).put("lanes", lanes)))
        .compose(v -> c.deploy(new StoreVerticle(), new JsonObject().put("db", dbJson).put("retryMs", retryMs)
            .put("outbox", cfg.dataDir().resolve("outbox").toString()).put("lanes", lanes)))
        .compose(v -> c.deploy(new MatcherVerticle(), new JsonObject().put("db", dbJson).put("retryMs", retryMs)
            .put("lanes", lanes).put("snapshot", cfg.dataDir().resolve("matcher").resolve("registry.jsonl.gz").toString())
            .put("timezone", cfg.raw().getString("timezone", java.time.ZoneId.systemDefault().getId()))))
        .compose(v -> c.deploy(new TrackerVerticle(), cfg.raw().getJsonObject("tracker", new JsonObject())))
        .compose(v -> vertx.deployVerticle(() -> new AnprVerticle(recognizer),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(workers)
                .setWorkerPoolName("anpr").setWorkerPoolSize(workers)))
        .onSuccess(c.deployments::add);
    for (LaneConfig lane : cfg.lanes()) {
      if (lane.enabled()) {
        chain = chain.compose(v -> c.deploy(new CameraVerticle(), lane.toJson()));
      }
    }
    return chain
        .compose(v -> c.deploy(c.web, new JsonObject()
            .put("http", cfg.raw().getJsonObject("http", new JsonObject())).put("db", dbJson).put("lanes", lanes)))
        .map(v -> {
          LOG.info("Lanekeeper running: {} lanes, {} recognition workers", cfg.lanes().size(), workers);
          return c;
        });
  }

  private Future<String> deploy(io.vertx.core.Deployable verticle, JsonObject config) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).onSuccess(deployments::add);
  }

  /** The port the web server listens on (useful when configured as 0). */
  public int httpPort() {
    return web.actualPort();
  }

  /** The one-time token that creates the first admin while there is no account (also in the log); null after. */
  public String setupToken() {
    return web.setupToken();
  }

  /** Undeploys in reverse order: the web and cameras stop first, the store flushes, the gate goes safe last. */
  public Future<Void> stop() {
    Future<Void> f = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      f = f.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    return f;
  }
}
