package io.lanekeeper.tracker;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRef;
import io.lanekeeper.bus.FrameSeen;
import io.lanekeeper.bus.ParkedPlate;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.TrackerConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * The tracker of a running controller: {@link VehicleTracker} driven by the event bus and the wall clock. Reads come
 * on {@link Addresses#ANPR_READ}, frames on {@link Addresses#ANPR_FRAME}, each lane's camera type on
 * {@link Addresses#CAMERA_STATUS}; vehicles go out on {@link Addresses#VEHICLE_READ}, parked plates on
 * {@link Addresses#VEHICLE_PARKED}, and a read's frame is kept through {@link Addresses#cameraKeep}. One timer, set
 * for the tracker's next due time, fires what falls quiet or goes.
 */
public class TrackerVerticle extends VerticleBase {

  private final TrackerConfig cfg;
  private VehicleTracker tracker;
  private long timer = -1;
  private Instant armedFor;

  public TrackerVerticle(TrackerConfig cfg) {
    this.cfg = cfg;
  }

  @Override
  public Future<?> start() {
    tracker = new VehicleTracker(cfg, new VehicleTracker.Events() {
      @Override
      public void vehicle(VehicleRead v) {
        vertx.eventBus().publish(Addresses.VEHICLE_READ, v.toJson());
      }

      @Override
      public void parked(ParkedPlate p) {
        vertx.eventBus().publish(Addresses.VEHICLE_PARKED, p.toJson());
      }

      @Override
      public void keepFrame(String lane, String frameId) {
        vertx.eventBus().send(Addresses.cameraKeep(lane), new FrameRef(frameId).toJson());
      }
    });
    return Future.all(
        vertx.eventBus().<JsonObject>consumer(Addresses.ANPR_READ, msg -> {
          tracker.read(PlateRead.fromJson(msg.body()), Instant.now());
          arm();
        }).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.ANPR_FRAME, msg -> {
          FrameSeen f = FrameSeen.fromJson(msg.body());
          tracker.frame(f.lane(), f.frameId(), Instant.now());
          arm();
        }).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> tracker.source(
            msg.body().getString("lane", ""), msg.body().getString("source", ""))).completion());
  }

  /** Sets the one timer for the tracker's next due time, unless it is set for it already. */
  private void arm() {
    Instant next = tracker.nextDue();
    if (next == null ? timer < 0 : next.equals(armedFor) && timer >= 0) {
      return;
    }
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    armedFor = next;
    if (next == null) {
      return;
    }
    long delay = Math.max(1, Duration.between(Instant.now(), next).toMillis() + 1);
    timer = vertx.setTimer(delay, id -> {
      timer = -1;
      // everything due by the time the timer was set for, even if the clock reads a hair earlier
      Instant now = Instant.now();
      tracker.advance(now.isBefore(armedFor) ? armedFor : now);
      arm();
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }
}
