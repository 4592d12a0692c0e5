package io.lanekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateAction;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.EmbeddedDatabase;
import io.lanekeeper.db.Migrations;
import io.lanekeeper.testing.Poll;
import io.lanekeeper.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events reach PostgreSQL exactly once and in order per lane across a real outage (an embedded server of the test's
 * own, stopped and started again), a restart of the store during the outage, and a crash that lost the outbox's
 * acknowledgement.
 */
class StoreOutboxTest {

  @TempDir
  Path dir;
  private EmbeddedDatabase pg;
  private Vertx vertx;

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      await(vertx.close());
    }
    if (pg != null) {
      pg.close();
    }
  }

  private JsonObject health() {
    try {
      return (JsonObject) await(vertx.eventBus().request(Addresses.HEALTH_DATABASE, new JsonObject())).body();
    } catch (Exception e) {
      return new JsonObject();
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private String deployStore(DbTarget t) throws Exception {
    StoreConfig conf = new StoreConfig(t, 4, 200, dir.resolve("outbox"), StoreConfig.DEFAULT_OUTBOX_MAX_BYTES,
        LaneConfig.listFrom(new JsonArray().add(new JsonObject().put("id", "e1")).add(new JsonObject().put("id", "x1")
            .put("direction", "exit"))));
    return await(vertx.deployVerticle(new StoreVerticle(conf)));
  }

  /** Publishes a decision and the gate action it led to, alternating the two lanes. */
  private void publish(int i, List<UUID> ids) {
    String lane = i % 2 == 0 ? "e1" : "x1";
    AccessDecision d = StoreVerticleTest.decision(String.format("OUT%04d", i));
    AccessDecision onLane = new AccessDecision(d.eventId(), lane, Instant.now(), true, "exact", null, null, 0,
        d.vehicle());
    ids.add(d.eventId());
    vertx.eventBus().publish(Addresses.ACCESS_DECISION, onLane.toJson());
    vertx.eventBus().publish(Addresses.GATE_ACTION, new GateAction(lane, Instant.now(), "open", "done",
        d.eventId().toString(), "auto", "exact").toJson());
  }

  private void until(DbTarget t, String sql, long want) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    long got = -1;
    while (System.nanoTime() < end) {
      got = TestDatabase.count(t, sql);
      if (got == want) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(sql + ": " + got + ", want " + want);
  }

  @Test
  @DisplayName("PostgreSQL stopped while decisions flow, the store restarted meanwhile: every event lands once, "
      + "in order per lane; a lost acknowledgement sends them again without a duplicate")
  void outageExactlyOnce() throws Exception {
    vertx = Vertx.vertx();
    pg = EmbeddedDatabase.start(dir.resolve("pg"), 0);
    int port = pg.target().port();
    DbTarget t = pg.target(); // the controller's role and database, as on a device
    Migrations.migrate(t);
    List<UUID> ids = new ArrayList<>();

    String store = deployStore(t);
    for (int i = 0; i < 10; i++) {
      publish(i, ids);
    }
    until(t, "SELECT count(*) FROM events", 10);

    pg.close();
    pg = null;
    for (int i = 10; i < 50; i++) {
      publish(i, ids);
    }
    Thread.sleep(300);
    await(vertx.undeploy(store)); // the device restarts while PostgreSQL is away
    store = deployStore(t);
    for (int i = 50; i < 70; i++) {
      publish(i, ids);
    }
    Poll.until("the store says its database is down", 10, () -> "DOWN".equals(health().getString("status")));
    JsonObject health = health();
    assertThat(health.getInteger("outbox")).as("decisions and gate actions waiting").isGreaterThanOrEqualTo(120);
    pg = EmbeddedDatabase.start(dir.resolve("pg"), port);
    until(t, "SELECT count(*) FROM events", 70);
    until(t, "SELECT count(*) FROM gate_actions", 70);
    assertThat(TestDatabase.count(t, "SELECT count(DISTINCT id) FROM events")).isEqualTo(70);
    assertInLaneOrder(t, ids);
    health = (JsonObject) await(vertx.eventBus().request(Addresses.HEALTH_DATABASE, new JsonObject())).body();
    assertThat(health.getString("status")).isEqualTo("UP");
    assertThat(health.getInteger("outbox")).isZero();

    // a crash after PostgreSQL took the writes but before the outbox recorded it: everything goes again
    await(vertx.undeploy(store));
    try (var segs = Files.list(dir.resolve("outbox"))) {
      assertThat(segs.filter(p -> p.getFileName().toString().startsWith("seg-")).count())
          .as("acknowledged segments are deleted").isLessThanOrEqualTo(1);
    }
    Files.writeString(dir.resolve("outbox/acked"), "0");
    deployStore(t);
    until(t, "SELECT count(*) FROM gate_actions", 70);
    assertThat(TestDatabase.count(t, "SELECT count(*) FROM events")).isEqualTo(70);
    assertThat(TestDatabase.count(t, "SELECT count(*) FROM gate_actions")).isEqualTo(70);
  }

  /** For each lane, the rows reached PostgreSQL in the order the decisions were made. */
  private static void assertInLaneOrder(DbTarget t, List<UUID> ids) throws Exception {
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT id, lane_id FROM events ORDER BY lane_id, stored_at, decided_at")) {
      List<UUID> e1 = new ArrayList<>();
      List<UUID> x1 = new ArrayList<>();
      while (rs.next()) {
        (rs.getString(2).equals("e1") ? e1 : x1).add(UUID.fromString(rs.getString(1)));
      }
      List<UUID> wantE1 = new ArrayList<>();
      List<UUID> wantX1 = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        (i % 2 == 0 ? wantE1 : wantX1).add(ids.get(i));
      }
      assertThat(e1).containsExactlyElementsOf(wantE1);
      assertThat(x1).containsExactlyElementsOf(wantX1);
    }
  }
}
