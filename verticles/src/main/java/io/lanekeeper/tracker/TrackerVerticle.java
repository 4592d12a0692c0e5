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

  /** A difference between the wall clock and the monotonic one bigger than this is the wall clock set anew. */
  static final Duration CLOCK_JUMP = Duration.ofSeconds(1);

  private final TrackerConfig cfg;
  private VehicleTracker tracker;
  private long timer = -1;
  private Instant armedFor;
  /** The wall clock and the monotonic clock when last asked: a jump of the wall clock moves the due times with it. */
  private Instant lastWall;
  private long lastNanos;

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
        vertx.eventBus().<JsonObject>localConsumer(Addresses.ANPR_READ, msg -> {
          tracker.read(PlateRead.fromJson(msg.body()), now());
          arm();
        }).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.ANPR_FRAME, msg -> {
          FrameSeen f = FrameSeen.fromJson(msg.body());
          tracker.frame(f.lane(), f.frameId(), now());
          arm();
        }).completion(),
        vertx.eventBus().<JsonObject>localConsumer(Addresses.CAMERA_STATUS, msg -> tracker.source(
            msg.body().getString("lane", ""), msg.body().getString("source", ""))).completion());
  }

  /**
   * The wall clock, as the reads' capture times are; when it has jumped by more than {@link #CLOCK_JUMP} against the
   * monotonic clock since last asked, the tracker's due times move by the jump, as relative timers would not notice
   * it: a vehicle falls quiet a window after its last read, whatever NTP did meanwhile.
   */
  private Instant now() {
    Instant wall = Instant.now();
    long nanos = System.nanoTime();
    if (lastWall != null) {
      Duration jump = Duration.between(lastWall.plusNanos(nanos - lastNanos), wall);
      if (jump.abs().compareTo(CLOCK_JUMP) > 0) {
        tracker.shiftDue(jump);
      }
    }
    lastWall = wall;
    lastNanos = nanos;
    return wall;
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
      // everything due by now, and what is due within a hair: a timer may fire a millisecond early
      Instant now = now();
      Instant due = tracker.nextDue();
      tracker.advance(due != null && due.isAfter(now) && Duration.between(now, due).toMillis() <= 2 ? due : now);
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
