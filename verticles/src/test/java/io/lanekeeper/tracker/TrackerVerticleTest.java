package io.lanekeeper.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TrackerVerticleTest {

  private static PlateRead read(String lane, String plate, double conf, Instant at, int x) {
    double[] cc = new double[plate.length()];
    Arrays.fill(cc, Math.pow(conf, 1.0 / plate.length()));
    return new PlateRead(lane, "f-" + at.toEpochMilli() + "-" + plate, at, plate, conf, cc, new Box(x, 300, 160, 50),
        null, null);
  }

  @Test
  @DisplayName("A burst of ten reads of one car with two misread characters gives one decision on the right plate")
  void burstGivesOneDecision(Vertx vertx, VertxTestContext ctx) {
    List<VehicleRead> vehicles = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_READ, m -> vehicles.add(VehicleRead.fromJson(m.body())));
    JsonObject cfg = new JsonObject().put("windowMs", 300).put("decideConfidence", 0.99).put("maxReads", 20);
    vertx.deployVerticle(new TrackerVerticle(), new DeploymentOptions().setConfig(cfg)).onComplete(ctx.succeeding(id -> {
      Instant t0 = Instant.now();
      String[] burst = {"ABC1234", "A8C1234", "ABC1234", "ABC1Z34", "ABC1234", "ABC1234", "A8C1234", "ABC1234",
          "ABC1234", "ABC1Z34"};
      for (int i = 0; i < burst.length; i++) {
        double conf = burst[i].equals("ABC1234") ? 0.9 : 0.6;
        vertx.eventBus().publish(Addresses.ANPR_READ, read("e1", burst[i], conf, t0.plusMillis(i * 40L), 500 + i * 4).toJson());
      }
      vertx.setTimer(900, t -> ctx.verify(() -> {
        assertThat(vehicles).hasSize(1);
        assertThat(vehicles.getFirst().plate()).isEqualTo("ABC1234");
        assertThat(vehicles.getFirst().nReads()).isEqualTo(10);
        ctx.completeNow();
      }));
    }));
  }

  @Test
  @DisplayName("Two different cars in a row, and the same car after it has gone, are separate vehicles")
  void separateVehicles(Vertx vertx, VertxTestContext ctx) {
    List<VehicleRead> vehicles = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_READ, m -> vehicles.add(VehicleRead.fromJson(m.body())));
    JsonObject cfg = new JsonObject().put("windowMs", 200).put("decideConfidence", 0.8);
    vertx.deployVerticle(new TrackerVerticle(), new DeploymentOptions().setConfig(cfg)).onComplete(ctx.succeeding(id -> {
      Instant t0 = Instant.now();
      vertx.eventBus().publish(Addresses.ANPR_READ, read("e1", "ABC1234", 0.95, t0, 100).toJson());
      vertx.eventBus().publish(Addresses.ANPR_READ, read("e1", "XYZ9876", 0.95, t0.plusMillis(50), 900).toJson());
      vertx.eventBus().publish(Addresses.ANPR_READ, read("e2", "ABC1234", 0.95, t0.plusMillis(60), 100).toJson());
      vertx.setTimer(500, t -> {
        vertx.eventBus().publish(Addresses.ANPR_READ, read("e1", "ABC1234", 0.95, Instant.now(), 100).toJson());
        vertx.setTimer(400, t2 -> ctx.verify(() -> {
          assertThat(vehicles).extracting(v -> v.lane() + ":" + v.plate())
              .containsExactlyInAnyOrder("e1:ABC1234", "e1:XYZ9876", "e2:ABC1234", "e1:ABC1234");
          ctx.completeNow();
        }));
      });
    }));
  }
}
