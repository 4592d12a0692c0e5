package io.lanekeeper.app;

import io.lanekeeper.alerts.AlertDelivery;
import io.lanekeeper.alerts.AlertVerticle;
import io.lanekeeper.anpr.AnprVerticle;
import io.lanekeeper.anpr.PlateRecognizer;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.LocalCodec;
import io.lanekeeper.camera.CameraSetup;
import io.lanekeeper.camera.CameraVerticle;
import io.lanekeeper.config.AppConfig;
import io.lanekeeper.config.ConfigException;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.gate.GateVerticle;
import io.lanekeeper.matcher.MatcherConfig;
import io.lanekeeper.matcher.MatcherVerticle;
import io.lanekeeper.mqtt.MqttVerticle;
import io.lanekeeper.privacy.PrivacyVerticle;
import io.lanekeeper.store.StoreConfig;
import io.lanekeeper.store.StoreVerticle;
import io.lanekeeper.tracker.TrackerVerticle;
import io.lanekeeper.web.WebConfig;
import io.lanekeeper.web.WebVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole controller in one process: deploys every verticle with its part of the configuration,
 * in the order that lets each find what it needs (MQTT, the gate and the store first, the cameras
 * and the web last).
 */
public final class Controller {

  private static final Logger LOG = LoggerFactory.getLogger(Controller.class);
  /** How long a part (web, matcher, MQTT) may take to take a changed lane before the change goes on without it. */
  private static final long TAKE_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final AppConfig cfg;
  private final List<String> deployments = new ArrayList<>();
  /** The camera verticle of each running lane, by lane id; redeployed when an admin changes the lane. */
  private final Map<String, String> cameras = new HashMap<>();
  private final List<io.vertx.core.eventbus.MessageConsumer<?>> consumers = new ArrayList<>();
  private LaneBook book;
  private java.nio.file.Path frames;
  private long frameBytes;
  private WebVerticle web;

  private Controller(Vertx vertx, AppConfig cfg) {
    this.vertx = vertx;
    this.cfg = cfg;
  }

  public static Future<Controller> start(Vertx vertx, AppConfig cfg, DbTarget db, PlateRecognizer recognizer) {
    LocalCodec.register(vertx);
    Controller c = new Controller(vertx, cfg);
    return new LaneBook(cfg).load(vertx, db).compose(book -> {
      c.book = book;
      return c.deployAll(db, recognizer);
    });
  }

  /**
   * Deploys every verticle with the validated records it needs: no verticle reads raw configuration, and every
   * default lives once, in its record.
   */
  private Future<Controller> deployAll(DbTarget db, PlateRecognizer recognizer) {
    Controller c = this;
    List<LaneConfig> lanes = book.all();
    int poolSize = cfg.db().poolSize();
    long retryMs = cfg.db().retryMs();
    int workers = cfg.anprWorkers();
    frames = cfg.dataDir().resolve("frames");
    // each lane keeps the frames of its decisions for the history, within history.frameMbPerLane
    frameBytes = (long) cfg.frameMbPerLane() << 20;
    // this device's name in the site: its cluster name, or its MQTT device id (the host name) on its own
    String node = cfg.cluster().enabled() ? cfg.cluster().node() : cfg.mqtt().deviceId();
    c.web = new WebVerticle(new WebConfig(cfg.http(), db, poolSize, lanes, frames,
        cfg.dataDir().resolve("setup-token"), cfg.timezone())).node(node)
        .siteDevice(cfg.cluster().enabled() ? node : null);

    Future<?> chain = c.deploy(new AlertVerticle(cfg.alerts(), cfg.dataDir())
            .node(cfg.cluster().enabled() ? node : null))
        .compose(v -> cfg.alerts().email() != null || cfg.alerts().webhook() != null
            ? c.deploy(new AlertDelivery(cfg.alerts(), cfg.timezone())) : Future.succeededFuture())
        .compose(v -> cfg.mqtt().enabled() ? c.deploy(new MqttVerticle(cfg.mqtt(), lanes))
            : Future.succeededFuture())
        .compose(v -> c.deploy(new GateVerticle(cfg.gate(), lanes)))
        .compose(v -> c.deploy(new StoreVerticle(new StoreConfig(db, poolSize, retryMs,
            cfg.dataDir().resolve("outbox"), StoreConfig.DEFAULT_OUTBOX_MAX_BYTES, lanes))
            .device(cfg.cluster().enabled() ? node : null)))
        .compose(v -> c.deploy(new MatcherVerticle(new MatcherConfig(db, poolSize, retryMs, lanes,
            cfg.dataDir().resolve("matcher").resolve("registry.jsonl.gz"), cfg.timezone()))
            .node(cfg.cluster().enabled() ? node : null)))
        .compose(v -> c.deploy(new PrivacyVerticle(cfg.retention(), db, frames,
            cfg.dataDir().resolve("privacy-key"), cfg.timezone())))
        .compose(v -> c.deploy(new TrackerVerticle(cfg.tracker())))
        .compose(v -> c.deploy(new SiteHeartbeat(node, () -> c.book.all())))
        .compose(v -> vertx.deployVerticle(() -> new AnprVerticle(recognizer),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(workers)
                .setWorkerPoolName("anpr").setWorkerPoolSize(workers)))
        .onSuccess(c.deployments::add);
    for (LaneConfig lane : book.all()) {
      // one lane's camera that cannot start (say, a source an admin mistyped) must not keep the others from running
      chain = chain.compose(v -> c.startCamera(lane).recover(e -> {
        LOG.error("Lane {}: the camera did not start ({}); the lane runs without it until it is fixed", lane.id(),
            e.getMessage());
        return Future.succeededFuture();
      }));
    }
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.LANES_CHECK, this::onCheck));
    // the names of the programs exec cameras may run, for the lane form; never the programs (they may hold secrets)
    io.vertx.core.Handler<io.vertx.core.eventbus.Message<JsonObject>> commands = m -> m.reply(new JsonObject()
        .put("commands", new JsonArray(cfg.cameraCommands().names())));
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERA_COMMANDS, commands));
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.LANES_APPLY, this::onApply));
    if (cfg.cluster().enabled()) {
      // site-wide: an admin on another device's Lanes page changes a lane this device runs
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.lanesOf(node, "check"), this::onCheck));
      // site-wide: the change runs here, on the device that runs the lane
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.lanesOf(node, "apply"), this::onApply));
      // site-wide: the names of this device's exec camera programs, for a lane form on another device
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.lanesOf(node, "camera-commands"), commands));
      // site-wide: a frame of one of this device's cameras (the region editor on another device): {lane, frameId}
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.lanesOf(node, "frame"), m -> {
        String lane = m.body().getString("lane");
        if (lane == null || book.get(lane) == null) {
          // not the camera's 404 (no such frame): the lane itself is not here (moved or deleted since the heartbeat)
          m.fail(Addresses.NO_LANE, "no lane '" + lane + "' on device " + node);
          return;
        }
        vertx.eventBus().<io.vertx.core.buffer.Buffer>request(Addresses.cameraFrame(lane),
                io.lanekeeper.bus.FrameRef.fromJson(m.body()).toJson(),
                new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(2000))
            .onSuccess(r -> m.reply(r.body()))
            .onFailure(e -> m.fail(e instanceof io.vertx.core.eventbus.ReplyException re && re.failureCode() == 404
                ? 404 : 503, e.getMessage()));
      }));
      // site-wide: the lane as it runs, secrets included, for the form (the web masks them)
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.lanesOf(node, "config"), m -> {
        LaneConfig l = book.get(m.body().getString("id"));
        if (l == null) {
          m.fail(404, "no lane '" + m.body().getString("id") + "' on device " + node);
        } else {
          m.reply(l.toJson());
        }
      }));
    }
    return chain
        .compose(v -> c.deploy(c.web))
        .map(v -> {
          LOG.info("Lanekeeper running: {} lanes, {} recognition workers", book.all().size(), workers);
          return c;
        });
  }

  /** A lane an admin wants to store, asked from this device's web or another's: 400 with the key that is wrong. */
  private void onCheck(io.vertx.core.eventbus.Message<JsonObject> m) {
    try {
      check(m.body());
      m.reply(new JsonObject());
    } catch (ConfigException | IllegalArgumentException e) {
      m.fail(400, e.getMessage());
    }
  }

  /** A lane an admin stored, to run now, asked from this device's web or another's. */
  private void onApply(io.vertx.core.eventbus.Message<JsonObject> m) {
    apply(m.body()).onSuccess(m::reply).onFailure(e -> m.fail(500, e.getMessage()));
  }

  /** Checks a lane an admin wants to store: on its own and beside the other lanes as they run. */
  private LaneConfig check(JsonObject lane) {
    return book.check(lane, "lane.");
  }

  /**
   * Runs a lane as an admin stored it: the local copy, the matcher and the web take it at once, its camera restarts
   * with the new source, and its gate takes the new wiring now or, while its barrier is not closed, when it closes.
   */
  private Future<JsonObject> apply(JsonObject lane) {
    LaneConfig l;
    try {
      l = check(lane);
    } catch (ConfigException | IllegalArgumentException e) {
      return Future.failedFuture(e.getMessage());
    }
    LOG.info("Lane {} changed by an admin: applying", l.id());
    JsonObject json = l.toJson();
    return book.changed(vertx, l)
        .compose(v -> taken(l.id(), json))
        .compose(v -> {
          vertx.eventBus().publish(Addresses.LANE_PUBLIC, l.summaryJson());
          String old = cameras.remove(l.id());
          return old == null ? Future.succeededFuture() : vertx.undeploy(old).recover(e -> Future.succeededFuture());
        })
        .compose(v -> startCamera(l))
        .compose(v -> vertx.eventBus().<JsonObject>request(Addresses.GATE_RECONFIGURE, json))
        .map(reply -> new JsonObject().put("gate", reply.body().getString("gate")));
  }

  /**
   * Hands a changed lane to each part that keeps lanes and waits until each has it, so that the admin's answer means
   * "runs now": a frame pushed right after it finds the lane's route, the next car its rules. A part that is not
   * deployed (MQTT off) has no handler and is skipped; one that does not answer is logged, and the change goes on.
   */
  private Future<Void> taken(String lane, JsonObject json) {
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true).setSendTimeout(TAKE_TIMEOUT_MS);
    return Future.join(Addresses.LANE_TAKERS.stream().map(part -> vertx.eventBus()
        .request(Addresses.lanesChanged(part), json, local)
        .<Void>mapEmpty()
        .recover(e -> {
          if (!(e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS)) {
            LOG.warn("Lane {}: the {} did not take the change: {}", lane, part, e.getMessage());
          }
          return Future.succeededFuture();
        })).toList()).mapEmpty();
  }

  private Future<Void> startCamera(LaneConfig lane) {
    if (!lane.enabled()) {
      return Future.succeededFuture();
    }
    List<String> argv = cfg.cameraCommands().argv(lane.camera().command());
    return vertx.deployVerticle(new CameraVerticle(new CameraSetup(lane, frames, frameBytes, argv)))
        .onSuccess(id -> cameras.put(lane.id(), id)).mapEmpty();
  }

  private Future<String> deploy(io.vertx.core.Deployable verticle) {
    return vertx.deployVerticle(verticle).onSuccess(deployments::add);
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
    consumers.forEach(io.vertx.core.eventbus.MessageConsumer::unregister);
    consumers.clear();
    Future<Void> f = Future.join(cameras.values().stream().map(id -> vertx.undeploy(id)
        .recover(e -> Future.succeededFuture())).toList()).mapEmpty();
    cameras.clear();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      f = f.compose(v -> vertx.undeploy(id).recover(e -> Future.succeededFuture()));
    }
    return f;
  }
}
