package io.lanekeeper.testing;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** Asks the matcher for a decision the way the tracker does, and waits for that vehicle's decision. */
public final class Decisions {

  private Decisions() {
  }

  /** A vehicle of four reads with this plate text in this lane, seen now, each character at 0.99. */
  public static VehicleRead vehicle(String lane, String plate) {
    double[] chars = new double[plate.length()];
    java.util.Arrays.fill(chars, 0.99);
    return vehicle(lane, plate, Math.pow(0.99, plate.length()), chars);
  }

  /** A vehicle of four reads with this plate text and these confidences. */
  public static VehicleRead vehicle(String lane, String plate, double confidence, double[] charConfidences) {
    Instant now = Instant.now();
    PlateRead r = new PlateRead(lane, "f-" + UUID.randomUUID(), now, plate, confidence, charConfidences,
        new Box(1, 2, 3, 4), null, null);
    return new VehicleRead(UUID.randomUUID(), lane, now, now, plate, confidence, charConfidences, 4, r);
  }

  /** Publishes a vehicle read and completes with the matcher's decision on it. */
  public static Future<AccessDecision> decide(Vertx vertx, String lane, String plate) {
    return decide(vertx, vehicle(lane, plate));
  }

  /** Publishes this vehicle read and completes with the matcher's decision on it. */
  public static Future<AccessDecision> decide(Vertx vertx, VehicleRead v) {
    Promise<AccessDecision> p = Promise.promise();
    var consumer = vertx.eventBus().<JsonObject>consumer(Addresses.ACCESS_DECISION);
    consumer.handler(m -> {
      AccessDecision d = AccessDecision.fromJson(m.body());
      if (d.eventId().equals(v.vehicleId())) {
        consumer.unregister();
        p.tryComplete(d);
      }
    });
    return consumer.completion().compose(x -> {
      vertx.eventBus().publish(Addresses.VEHICLE_READ, v.toJson());
      return p.future();
    });
  }
}
