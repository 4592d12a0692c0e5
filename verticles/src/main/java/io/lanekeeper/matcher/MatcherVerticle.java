package io.lanekeeper.matcher;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on each vehicle: matches its plate against the registered plates (held in memory,
 * reloaded from PostgreSQL when they change), applies the lane's rules, publishes the decision and
 * asks the gate to open when allowed.
 *
 * <p>Config: {@code {"db": DbTarget json, "retryMs": n, "lanes": [LaneConfig json...]}}.
 */
public class MatcherVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MatcherVerticle.class);
  static final String LOAD_PLATES = "SELECT id, plate, kind, valid_from, valid_to, lanes FROM plates";

  private final Map<String, LaneConfig> lanes = new HashMap<>();
  private Pool pool;
  private long retryMs;
  private PlateMatcher matcher;
  private boolean reloadPending;
  private long retryTimer = -1;

  @Override
  public Future<?> start() {
    JsonArray lj = config().getJsonArray("lanes", new JsonArray());
    for (int i = 0; i < lj.size(); i++) {
      LaneConfig l = LaneConfig.from(lj.getJsonObject(i), "lanes[" + i + "].");
      lanes.put(l.id(), l);
    }
    retryMs = config().getLong("retryMs", 5000L);
    pool = DbTarget.fromJson(config().getJsonObject("db")).pool(vertx, 2);
    vertx.eventBus().consumer(Addresses.PLATES_CHANGED, msg -> loadPlates());
    loadPlates();
    return vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_READ, msg -> onVehicle(VehicleRead.fromJson(msg.body())))
        .completion();
  }

  private void loadPlates() {
    if (reloadPending) {
      return;
    }
    reloadPending = true;
    pool.query(LOAD_PLATES).execute()
        .onComplete(ar -> reloadPending = false)
        .onSuccess(rows -> {
          List<RegisteredPlate> list = new ArrayList<>(rows.size());
          for (Row r : rows) {
            list.add(RegisteredPlate.from(r));
          }
          matcher = new PlateMatcher(list);
          LOG.info("Matcher holds {} registered plates", list.size());
        })
        .onFailure(e -> {
          LOG.warn("Cannot load registered plates ({}); retrying in {} ms", e.getMessage(), retryMs);
          if (retryTimer >= 0) {
            vertx.cancelTimer(retryTimer);
          }
          retryTimer = vertx.setTimer(retryMs, t -> {
            retryTimer = -1;
            loadPlates();
          });
        });
  }

  private void onVehicle(VehicleRead v) {
    LaneConfig lane = lanes.get(v.lane());
    Instant now = Instant.now();
    AccessDecision d;
    if (lane == null) {
      d = new AccessDecision(v.vehicleId(), v.lane(), now, false, "unknown lane", null, null, -1, v);
    } else if (matcher == null) {
      d = new AccessDecision(v.vehicleId(), v.lane(), now, false, "registered plates unavailable", null, null, -1, v);
    } else {
      Policy.Outcome o = Policy.decide(matcher, lane, v.plate(), now);
      d = new AccessDecision(v.vehicleId(), v.lane(), now, o.allowed(), o.reason(),
          o.plate() == null ? null : o.plate().plate(), o.plate() == null ? null : o.plate().id(), o.distance(), v);
    }
    LOG.info("Lane {}: {} {} ({}, {} reads)", d.lane(), v.plate(), d.allowed() ? "ALLOWED" : "refused", d.reason(),
        v.nReads());
    vertx.eventBus().publish(Addresses.ACCESS_DECISION, d.toJson());
    if (d.allowed()) {
      openGate(d);
    }
  }

  private void openGate(AccessDecision d) {
    GateCommand cmd = new GateCommand(d.lane(), "open", d.eventId().toString(), d.decidedAt(), "auto", d.reason());
    vertx.eventBus().request(Addresses.gateCommand(d.lane()), cmd.toJson(), new DeliveryOptions().setSendTimeout(2000))
        .onFailure(e -> LOG.warn("Gate of lane {} did not open for decision {}: {}", d.lane(), d.eventId(),
            e.getMessage()));
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
