package io.lanekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.testing.FreshDatabase;
import io.lanekeeper.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("db")
@ExtendWith(VertxExtension.class)
class StoreVerticleTest {

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();

  static AccessDecision decision(String plate) {
    Instant now = Instant.now();
    PlateRead r = new PlateRead("e1", "f1", now, plate, 0.97, new double[] {1, 1, 1, 1, 1, 0.97, 1},
        new Box(10, 20, 150, 50), "br-old", new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
    VehicleRead v = new VehicleRead(UUID.randomUUID(), "e1", now, now, plate, 0.97, new double[0], 3, r);
    return new AccessDecision(v.vehicleId(), "e1", now, false, "unknown", null, null, -1, v);
  }

  @TempDir
  Path outbox;

  private StoreConfig config(DbTarget t) {
    return new StoreConfig(t, 4, 200, outbox, StoreConfig.DEFAULT_OUTBOX_MAX_BYTES, LaneConfig.listFrom(
        new JsonArray().add(new JsonObject().put("id", "e1").put("name", "Entry one"))));
  }

  @Test
  @DisplayName("A decision lands in the events table once, even when it is published twice")
  void decisionStoredOnce(Vertx vertx, VertxTestContext ctx) {
    AccessDecision d = decision("ABC1234");
    vertx.deployVerticle(new StoreVerticle(config(db.target())))
        .onComplete(ctx.succeeding(id -> {
          vertx.eventBus().publish(Addresses.ACCESS_DECISION, d.toJson());
          vertx.eventBus().publish(Addresses.ACCESS_DECISION, d.toJson());
          vertx.eventBus().publish(Addresses.ANPR_READ, d.vehicle().best().toJson());
          vertx.setTimer(1500, t -> ctx.verify(() -> {
            assertThat(db.count("SELECT count(*) FROM events WHERE id = '" + d.eventId()
                + "' AND reason = 'unknown' AND n_reads = 3 AND octet_length(crop) = 5")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM plate_reads WHERE plate = 'ABC1234'")).isEqualTo(1);
            assertThat(db.count("SELECT count(*) FROM lanes WHERE id = 'e1' AND name = 'Entry one'")).isEqualTo(1);
            ctx.completeNow();
          }));
        }));
  }

  @Test
  @DisplayName("With the database unreachable at start, the store retries and writes what waited once it is there")
  void retriesUntilDatabaseIsThere(Vertx vertx, VertxTestContext ctx) throws Exception {
    DbTarget admin = TestDatabase.adminTarget();
    String name = "lk_late_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    DbTarget late = admin.withDatabase(name);
    AccessDecision d = decision("LATE123");
    vertx.deployVerticle(new StoreVerticle(config(late)))
        .onComplete(ctx.succeeding(id -> {
          vertx.eventBus().publish(Addresses.ACCESS_DECISION, d.toJson());
          vertx.setTimer(600, t -> vertx.executeBlocking(() -> {
            TestDatabase.exec(admin, "CREATE DATABASE " + name);
            return null;
          }).onComplete(ctx.succeeding(v -> vertx.setTimer(2500, t2 -> {
            ctx.verify(() -> assertThat(
                TestDatabase.count(late, "SELECT count(*) FROM events WHERE plate_read = 'LATE123'"))
                .isEqualTo(1));
            vertx.undeploy(id).compose(u -> vertx.executeBlocking(() -> {
              TestDatabase.exec(admin, "DROP DATABASE " + name + " WITH (FORCE)");
              return null;
            })).onComplete(ctx.succeedingThenComplete());
          }))));
        }));
  }
}
