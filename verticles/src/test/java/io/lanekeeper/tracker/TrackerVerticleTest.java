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
  @DisplayName("Two different cars in a row, and the same car back after it has gone, are separate vehicles")
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
        // back at another spot: a car that arrived (on the very spot it stood, it would be one still waiting)
        vertx.eventBus().publish(Addresses.ANPR_READ, read("e1", "ABC1234", 0.95, Instant.now(), 400).toJson());
        vertx.setTimer(400, t2 -> ctx.verify(() -> {
          assertThat(vehicles).extracting(v -> v.lane() + ":" + v.plate())
              .containsExactlyInAnyOrder("e1:ABC1234", "e1:XYZ9876", "e2:ABC1234", "e1:ABC1234");
          ctx.completeNow();
        }));
      });
    }));
  }

  private static void frame(Vertx vertx, String lane, String frameId) {
    vertx.eventBus().publish(Addresses.ANPR_FRAME, new JsonObject().put("lane", lane).put("frameId", frameId)
        .put("plates", 0));
  }

  @Test
  @DisplayName("A queue of ten cars stopping on the same spot, one right behind the other, gives ten decisions")
  void queueOnOneSpot(Vertx vertx, VertxTestContext ctx) {
    List<VehicleRead> vehicles = new CopyOnWriteArrayList<>();
    List<String> kept = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_READ, m -> vehicles.add(VehicleRead.fromJson(m.body())));
    vertx.eventBus().<JsonObject>consumer(Addresses.cameraKeep("q"), m -> kept.add(m.body().getString("frameId")));
    // the default window (1.5 s) spans several cars: only the texts tell them apart
    vertx.deployVerticle(new TrackerVerticle()).onComplete(ctx.succeeding(id -> {
      Instant t0 = Instant.now();
      List<String> plates = List.of("ABC1234", "BCD2345", "CDE3456", "DEF4567", "EFG5678", "FGH6789", "GHI7890",
          "HIJ8901", "IJK9012", "JKL0123");
      for (int car = 0; car < plates.size(); car++) {
        for (int k = 0; k < 3; k++) {
          Instant at = t0.plusMillis(car * 200L + k * 40L);
          vertx.eventBus().publish(Addresses.ANPR_READ, read("q", plates.get(car), 0.7, at, 500 + k).toJson());
        }
        // a garbled read of whatever stands there: a misread, not an eleventh car
        vertx.eventBus().publish(Addresses.ANPR_READ, read("q", "X7Q", 0.05, t0.plusMillis(car * 200L + 150), 500)
            .toJson());
      }
      vertx.setTimer(2500, t -> ctx.verify(() -> {
        assertThat(vehicles).extracting(VehicleRead::plate).containsExactlyElementsOf(plates);
        // each car's best read was kept for its decision's frame
        assertThat(vehicles).allSatisfy(v -> assertThat(kept).contains(v.best().frameId()));
        ctx.completeNow();
      }));
    }));
  }

  @Test
  @DisplayName("A car that the detector loses for a moment at the barrier is not decided twice; it is reported parked")
  void waitingCarIsNotDecidedTwice(Vertx vertx, VertxTestContext ctx) {
    List<VehicleRead> vehicles = new CopyOnWriteArrayList<>();
    List<JsonObject> parked = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_READ, m -> vehicles.add(VehicleRead.fromJson(m.body())));
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_PARKED, m -> parked.add(m.body()));
    JsonObject cfg = new JsonObject().put("windowMs", 5000).put("goneFrames", 3);
    vertx.deployVerticle(new TrackerVerticle(), new DeploymentOptions().setConfig(cfg)).onComplete(ctx.succeeding(id -> {
      vertx.eventBus().publish(Addresses.ANPR_READ, read("w", "ABC1234", 0.95, Instant.now(), 500).toJson());
      vertx.setTimer(600, t -> {
        // three frames read without it, more than half a second after it was seen: it has left, as far as reads go
        for (int i = 0; i < 3; i++) {
          frame(vertx, "w", "empty-" + i);
        }
        vertx.setTimer(100, t2 -> {
          vertx.eventBus().publish(Addresses.ANPR_READ, read("w", "ABC1234", 0.93, Instant.now(), 502).toJson());
          vertx.setTimer(300, t3 -> ctx.verify(() -> {
            assertThat(vehicles).hasSize(1);
            assertThat(parked).singleElement().satisfies(p -> assertThat(p.getString("plate")).isEqualTo("ABC1234"));
            ctx.completeNow();
          }));
        });
      });
    }));
  }

  @Test
  @DisplayName("A parked car is not decided while it stands; when it drives off its spot it is a car arriving")
  void parkedCarDecidedWhenItMoves(Vertx vertx, VertxTestContext ctx) {
    List<VehicleRead> vehicles = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_READ, m -> vehicles.add(VehicleRead.fromJson(m.body())));
    JsonObject cfg = new JsonObject().put("windowMs", 200).put("parkedAfterMs", 1000);
    vertx.deployVerticle(new TrackerVerticle(), new DeploymentOptions().setConfig(cfg)).onComplete(ctx.succeeding(id -> {
      vertx.eventBus().publish(Addresses.ANPR_READ, read("p", "PRK1234", 0.95, Instant.now(), 100).toJson());
      // seen again and again on its spot, each time after its track expired
      for (int i = 1; i <= 4; i++) {
        vertx.setTimer(i * 300L, t -> vertx.eventBus().publish(Addresses.ANPR_READ,
            read("p", "PRK1234", 0.95, Instant.now(), 101).toJson()));
      }
      vertx.setTimer(1400, t -> {
        ctx.verify(() -> assertThat(vehicles).hasSize(1));
        // it stood there for more than parkedAfterMs: now it moves, and is decided as it arrives
        vertx.eventBus().publish(Addresses.ANPR_READ, read("p", "PRK1234", 0.95, Instant.now(), 101).toJson());
        vertx.setTimer(50, t2 -> vertx.eventBus().publish(Addresses.ANPR_READ,
            read("p", "PRK1234", 0.95, Instant.now(), 400).toJson()));
        vertx.setTimer(400, t3 -> ctx.verify(() -> {
          assertThat(vehicles).hasSize(2);
          ctx.completeNow();
        }));
      });
    }));
  }
}
