package io.lanekeeper.agent;

import io.lanekeeper.anpr.AnprConfig;
import io.lanekeeper.anpr.DjlPlateRecognizer;
import io.lanekeeper.anpr.PlateRecognizer;
import io.lanekeeper.app.Controller;
import io.lanekeeper.app.SiteCluster;
import io.lanekeeper.config.AppConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.ConfigException;
import io.lanekeeper.config.ConfigLoader;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.EmbeddedDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code lanekeeper run}: loads the configuration, starts the database if embedded, then the controller. */
final class RunCommand {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  private RunCommand() {
  }

  /**
   * The configuration with every folder camera replaying the demo's frames: {@code --demo DIR} is where the frames
   * are, wherever the demo was asked to make them ({@code scripts/demo}, {@code LANEKEEPER_DEMO_DIR}). The demo
   * draws one set per region, {@code DIR/<set>/scenes}; a folder lane configured as {@code .../<set>/scenes} replays
   * that set.
   */
  static JsonObject replaying(JsonObject conf, Path frames) {
    JsonObject out = conf.copy();
    if (out.getValue("lanes") instanceof JsonArray lanes) {
      for (Object l : lanes) {
        if (l instanceof JsonObject lane && lane.getValue("camera") instanceof JsonObject camera
            && "folder".equals(camera.getString("type"))) {
          Path configured = Path.of(camera.getString("path", "scenes"));
          Path set = configured.getParent() == null ? null : configured.getParent().getFileName();
          camera.put("path", (set == null ? frames : frames.resolve(set.toString())).resolve("scenes").toString());
        }
      }
    }
    return out;
  }

  static int run(String[] args) {
    List<Path> files = new ArrayList<>();
    Path demo = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config", "-c" -> {
          if (i + 1 >= args.length) {
            LOG.error("--config needs a file");
            return 2;
          }
          files.add(Path.of(args[++i]));
        }
        case "--demo" -> {
          if (i + 1 >= args.length) {
            LOG.error("--demo needs the folder of demo frames");
            return 2;
          }
          demo = Path.of(args[++i]);
        }
        default -> {
          LOG.error("Unknown option '{}' (run [--config FILE]... [--demo DIR])", args[i]);
          return 2;
        }
      }
    }
    AppConfig cfg;
    AnprConfig anpr;
    try {
      cfg = AppConfig.from(demo == null ? ConfigLoader.load(files, System.getenv())
          : replaying(ConfigLoader.load(files, System.getenv()), demo));
      anpr = AnprConfig.from(cfg.anpr());
    } catch (ConfigException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      return 2;
    }
    return start(cfg, anpr, demo);
  }

  private static int start(AppConfig cfg, AnprConfig anprCfg, Path demo) {
    EmbeddedDatabase embedded = null;
    DbTarget db;
    try {
      if (cfg.db().url() == null) {
        // never gives up: a server that does not start now is tried again (with back-off) while the controller
        // decides without it; the controller gets the role without superuser rights
        embedded = EmbeddedDatabase.startRetrying(cfg.dataDir(), cfg.db().embeddedPort());
        db = embedded.target();
      } else {
        db = DbTarget.parse(cfg.db().url(), cfg.db().user(), cfg.db().password());
        LOG.info("Using the database at {}", db.describe());
      }
    } catch (Exception e) {
      LOG.error("Cannot prepare the embedded PostgreSQL in {}: {}", cfg.dataDir().resolve("postgres").toAbsolutePath(),
          e.getMessage());
      return 3;
    }
    PlateRecognizer recognizer;
    try {
      DjlPlateRecognizer djl = new DjlPlateRecognizer(anprCfg);
      djl.warmUp();
      recognizer = djl;
    } catch (Exception e) {
      LOG.error("Cannot load the ANPR models: {}", e.getMessage());
      if (embedded != null) {
        embedded.close();
      }
      return 3;
    }
    if (demo != null) {
      DemoSetup.registerPlates(db, demo);
    }
    // one device on its own, or a member of the site's cluster (docs/site.md)
    SiteCluster.Node node;
    try {
      node = SiteCluster.start(cfg.cluster(), new VertxOptions()).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("Cannot join the site cluster as {} ({}:{}): {}", cfg.cluster().node(), cfg.cluster().host(),
          cfg.cluster().clusterPort(), e.getMessage());
      recognizer.close();
      if (embedded != null) {
        embedded.close();
      }
      return 3;
    }
    if (cfg.cluster().enabled()) {
      LOG.info("In the site cluster as {}: {} devices now", cfg.cluster().node(),
          node.clusterManager().getNodes().size());
    }
    Vertx vertx = node.vertx();
    Controller controller;
    try {
      controller = Controller.start(vertx, cfg, db, recognizer).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("The controller did not start: {}", e.getMessage(), e);
      node.close();
      recognizer.close();
      if (embedded != null) {
        embedded.close();
      }
      return 3;
    }
    if (embedded != null) {
      new io.lanekeeper.db.DatabaseServerWatch(vertx, embedded);
    }
    LOG.info("Dashboard: http://localhost:{}/", controller.httpPort());
    SystemdNotify.ready(vertx, cfg.lanes().stream().filter(l -> !l.gate().driver().equals("none"))
        .map(LaneConfig::id).toList());
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedDatabase pg = embedded;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping");
      try {
        controller.stop().compose(v -> node.close()).await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Stop was not clean: {}", e.getMessage());
      }
      recognizer.close();
      if (pg != null) {
        pg.close();
      }
      stopped.countDown();
    }, "lanekeeper-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}
