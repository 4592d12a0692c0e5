package io.lanekeeper.app;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * This device, told to the site every two seconds on {@link Addresses#SITE_NODE}: its name, version, since when it
 * runs, the public summary of each lane it runs (never a camera or wiring, which may hold a password) and its active
 * alerts (at most {@link #MAX_ALERTS}; not those about the site itself, which each device raises for its own view).
 * The dashboards of every device draw the site's lanes from it, list its alerts when they are opened or reloaded,
 * and mark a device gone when it falls silent. Without a cluster it reaches this device's own dashboard only.
 */
public final class SiteHeartbeat extends VerticleBase {

  public static final long PERIOD_MS = 2000;
  public static final int MAX_ALERTS = 32;

  private final String node;
  private final Supplier<List<LaneConfig>> lanes;
  private final Instant started = Instant.now();
  private long timer = -1;

  public SiteHeartbeat(String node, Supplier<List<LaneConfig>> lanes) {
    this.node = node;
    this.lanes = lanes;
  }

  @Override
  public Future<?> start() {
    beat();
    timer = vertx.setPeriodic(PERIOD_MS, t -> beat());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void beat() {
    JsonArray a = new JsonArray();
    for (LaneConfig l : lanes.get()) {
      a.add(l.summaryJson().put("barrier", !"none".equals(l.gate().driver())));
    }
    String version = SiteHeartbeat.class.getPackage().getImplementationVersion();
    JsonObject beat = new JsonObject().put("node", node).put("version", version == null ? "dev" : version)
        .put("startedAt", started.toString()).put("lanes", a);
    // this device's alerts (none when it runs no alerts verticle, or it does not answer in time: the beat still goes)
    vertx.eventBus().<JsonObject>request(Addresses.ALERT_LIST, new JsonObject(),
            new DeliveryOptions().setSendTimeout(PERIOD_MS / 2).setLocalOnly(true))
        .map(m -> ownAlerts(m.body().getJsonArray("alerts")))
        .otherwise(t -> new JsonArray())
        .onComplete(r -> vertx.eventBus().publish(Addresses.SITE_NODE, beat.put("alerts", r.result())));
  }

  private static JsonArray ownAlerts(JsonArray all) {
    JsonArray out = new JsonArray();
    if (all != null) {
      for (Object o : all) {
        if (o instanceof JsonObject j && !"site".equals(j.getString("source")) && out.size() < MAX_ALERTS) {
          out.add(j);
        }
      }
    }
    return out;
  }
}
