package io.lanekeeper.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.TrackerConfig;
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
    return read(lane, plate, conf, at, new Box(x, 300, 160, 50));
  }

  private static PlateRead read(String lane, String plate, double conf, Instant at, Box box) {
    double[] cc = new double[plate.length()];
    Arrays.fill(cc, Math.pow(conf, 1.0 / plate.length()));
    return new PlateRead(lane, "f-" + at.toEpochMilli() + "-" + plate, at, plate, conf, cc, box, null, null);
  }

  @Test
  @DisplayName("A burst of ten reads of one car with two misread characters gives one decision on the right plate")
  void burstGivesOneDecision(Vertx vertx, VertxTestContext ctx) {
    List<VehicleRead> vehicles = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_READ, m -> vehicles.add(VehicleRead.fromJson(m.body())));
    JsonObject cfg = new JsonObject().put("windowMs", 300).put("decideConfidence", 0.99).put("maxReads", 20);
    vertx.deployVerticle(new TrackerVerticle(TrackerConfig.from(cfg))).onComplete(ctx.succeeding(id -> {
      Instant t0 = Instant.now();
      String[] burst = {"ABC1234", "A8C1234", "ABC1234", "ABC1Z34", "ABC1234", "ABC1234", "A8C1234", "ABC1234",
          "ABC1234", "ABC1Z34"};
      for (int i = 0; i < burst.length; i++) {
        double conf = burst[i].equals("ABC1234") ? 0.9 : 0.6;
        vertx.eventBus().publish(Addresses.ANPR_READ,
            read("e1", burst[i], conf, t0.plusMillis(i * 40L), 500 + i * 4).toJson());
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
    vertx.deployVerticle(new TrackerVerticle(TrackerConfig.from(cfg))).onComplete(ctx.succeeding(id -> {
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

  /** What a lane's camera says every second: its type tells the tracker whether plates can stand in view. */
  private static void camera(Vertx vertx, String lane, String source) {
    vertx.eventBus().publish(Addresses.CAMERA_STATUS, new JsonObject().put("lane", lane).put("source", source)
        .put("up", true));
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
    vertx.deployVerticle(new TrackerVerticle(TrackerConfig.from(new JsonObject()))).onComplete(ctx.succeeding(id -> {
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
    JsonObject cfg = new JsonObject().put("windowMs", 400).put("goneFrames", 3).put("warmupMs", 0);
    vertx.deployVerticle(new TrackerVerticle(TrackerConfig.from(cfg))).onComplete(ctx.succeeding(id -> {
      camera(vertx, "w", "rtsp");
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
    JsonObject cfg = new JsonObject().put("windowMs", 200).put("parkedAfterMs", 1000).put("warmupMs", 0)
        .put("confirmReads", 1);   // about spots, not about confirming a sure read (VehicleTrackerTest)
    vertx.deployVerticle(new TrackerVerticle(TrackerConfig.from(cfg))).onComplete(ctx.succeeding(id -> {
      camera(vertx, "p", "mjpeg");
      vertx.eventBus().publish(Addresses.ANPR_READ, read("p", "PRK1234", 0.95, Instant.now(), 100).toJson());
      // seen again and again on its spot, standing
      for (int i = 1; i <= 4; i++) {
        vertx.setTimer(i * 300L, t -> vertx.eventBus().publish(Addresses.ANPR_READ,
            read("p", "PRK1234", 0.95, Instant.now(), 101).toJson()));
      }
      vertx.setTimer(1400, t -> {
        ctx.verify(() -> assertThat(vehicles).hasSize(1));
        // it stood there for more than parkedAfterMs: now it moves, and is decided as it arrives
        vertx.eventBus().publish(Addresses.ANPR_READ, read("p", "PRK1234", 0.95, Instant.now(), 101).toJson());
        // a few pixels are jitter; two reads well off the place are a move
        vertx.setTimer(20, t2 -> vertx.eventBus().publish(Addresses.ANPR_READ,
            read("p", "PRK1234", 0.95, Instant.now(), 112).toJson()));
        vertx.setTimer(50, t2 -> vertx.eventBus().publish(Addresses.ANPR_READ,
            read("p", "PRK1234", 0.95, Instant.now(), 400).toJson()));
        vertx.setTimer(80, t2 -> vertx.eventBus().publish(Addresses.ANPR_READ,
            read("p", "PRK1234", 0.95, Instant.now(), 420).toJson()));
        vertx.setTimer(400, t3 -> ctx.verify(() -> {
          assertThat(vehicles).hasSize(2);
          ctx.completeNow();
        }));
      });
    }));
  }

  @Test
  @DisplayName("A watching camera's first frames show parked plates: not decided while they stand, decided when they "
      + "move; a folder replay's stills and pushed frames are decided as before")
  void warmUp(Vertx vertx, VertxTestContext ctx) {
    List<VehicleRead> vehicles = new CopyOnWriteArrayList<>();
    List<JsonObject> parked = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_READ, m -> vehicles.add(VehicleRead.fromJson(m.body())));
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_PARKED, m -> parked.add(m.body()));
    JsonObject cfg = new JsonObject().put("windowMs", 300).put("warmupMs", 1000)
        .put("confirmReads", 1);   // about spots, not about confirming a sure read (VehicleTrackerTest)
    vertx.deployVerticle(new TrackerVerticle(TrackerConfig.from(cfg))).onComplete(ctx.succeeding(id -> {
      camera(vertx, "cam", "rtsp");
      camera(vertx, "replay", "folder");
      Instant t0 = Instant.now();
      vertx.eventBus().publish(Addresses.ANPR_READ, read("cam", "OLD1234", 0.95, t0, 100).toJson());
      vertx.eventBus().publish(Addresses.ANPR_READ, read("replay", "OLD1234", 0.95, t0, 100).toJson());
      // after the warm-up, a new plate is a car arriving; the parked one moves off and is decided too
      vertx.setTimer(1200, t -> {
        vertx.eventBus().publish(Addresses.ANPR_READ, read("cam", "NEW5678", 0.95, Instant.now(), 600).toJson());
        vertx.eventBus().publish(Addresses.ANPR_READ, read("cam", "OLD1234", 0.95, Instant.now(), 101).toJson());
        vertx.setTimer(100, t2 -> vertx.eventBus().publish(Addresses.ANPR_READ,
            read("cam", "OLD1234", 0.95, Instant.now(), 300).toJson()));
        vertx.setTimer(150, t2 -> vertx.eventBus().publish(Addresses.ANPR_READ,
            read("cam", "OLD1234", 0.95, Instant.now(), 320).toJson()));
        vertx.setTimer(600, t3 -> ctx.verify(() -> {
          assertThat(vehicles).extracting(v -> v.lane() + ":" + v.plate())
              .containsExactly("replay:OLD1234", "cam:NEW5678", "cam:OLD1234");
          assertThat(parked).extracting(p -> p.getString("lane")).containsOnly("cam");
          ctx.completeNow();
        }));
      });
    }));
  }

  @Test
  @DisplayName("A small parked plate's jitter, a doubtful read on its spot and a single doubtful glimpse are no "
      + "vehicle; a car passing by is one, and so is an unreadable plate seen twice")
  void jitterIsNoMove(Vertx vertx, VertxTestContext ctx) {
    List<VehicleRead> vehicles = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.VEHICLE_READ, m -> vehicles.add(VehicleRead.fromJson(m.body())));
    JsonObject cfg = new JsonObject().put("windowMs", 200).put("warmupMs", 300).put("parkedAfterMs", 1000)
        .put("confirmReads", 1);   // about spots, not about confirming a sure read (VehicleTrackerTest)
    vertx.deployVerticle(new TrackerVerticle(TrackerConfig.from(cfg))).onComplete(ctx.succeeding(id -> {
      camera(vertx, "j", "rtsp");
      vertx.eventBus().publish(Addresses.ANPR_READ, read("j", "PRK1234", 0.9, Instant.now(), new Box(100, 80, 40, 12))
          .toJson());
      // past the warm-up and past parkedAfterMs: a few pixels this way and that, a doubtful read of something else
      int[] xs = {105, 98, 104, 106, 99, 105};
      for (int i = 0; i < xs.length; i++) {
        int x = xs[i];
        vertx.setTimer(1100 + i * 60L, t -> vertx.eventBus().publish(Addresses.ANPR_READ,
            read("j", "PRK1234", 0.9, Instant.now(), new Box(x, 81, 41, 12)).toJson()));
      }
      vertx.setTimer(1500, t -> vertx.eventBus().publish(Addresses.ANPR_READ,
          read("j", "Z7X", 0.1, Instant.now(), new Box(101, 80, 40, 12)).toJson()));
      vertx.setTimer(1550, t -> vertx.eventBus().publish(Addresses.ANPR_READ,
          read("j", "CAR9999", 0.95, Instant.now(), new Box(600, 400, 160, 50)).toJson()));
      // one doubtful glimpse of something elsewhere: noise; a plate nobody can read, seen twice: a car to decide
      vertx.setTimer(1560, t -> vertx.eventBus().publish(Addresses.ANPR_READ,
          read("j", "AZB5Z54", 0.001, Instant.now(), new Box(900, 500, 160, 50)).toJson()));
      vertx.setTimer(1570, t -> vertx.eventBus().publish(Addresses.ANPR_READ,
          read("j", "G7Q", 0.01, Instant.now(), new Box(200, 500, 160, 50)).toJson()));
      vertx.setTimer(1610, t -> vertx.eventBus().publish(Addresses.ANPR_READ,
          read("j", "G7Q", 0.02, Instant.now(), new Box(202, 500, 160, 50)).toJson()));
      vertx.setTimer(2000, t -> ctx.verify(() -> {
        assertThat(vehicles).extracting(VehicleRead::plate).containsExactly("CAR9999", "G7Q");
        ctx.completeNow();
      }));
    }));
  }
}
