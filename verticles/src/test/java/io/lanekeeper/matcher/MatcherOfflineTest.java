package io.lanekeeper.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.EmbeddedDatabase;
import io.lanekeeper.db.Migrations;
import io.lanekeeper.testing.Decisions;
import io.lanekeeper.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate keeps deciding with PostgreSQL stopped: a server of its own (embedded), really stopped and started again,
 * so this test runs once, on embedded PostgreSQL, whichever server the other database tests use.
 */
@ExtendWith(VertxExtension.class)
class MatcherOfflineTest {

  @TempDir
  Path dir;
  private EmbeddedDatabase pg;

  @AfterEach
  void stop() {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  @Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
  @DisplayName("With PostgreSQL stopped the gate decides from memory, restarts from its snapshot, counts entries, "
      + "and resyncs (and writes the entries) when PostgreSQL is back")
  void decidesWhilePostgresIsDown(Vertx vertx, VertxTestContext ctx) throws Exception {
    pg = EmbeddedDatabase.start(dir.resolve("pg"), 0);
    int port = pg.target().port();
    DbTarget t = pg.target(); // the controller's role and database, as on a device
    Migrations.migrate(t);
    TestDatabase.exec(t, "INSERT INTO plates (plate, display) VALUES ('ABC1234', 'ABC 1234');"
        + "INSERT INTO lots (id, name, capacity) VALUES ('p1', 'Garage', 10)");
    MatcherConfig cfg = MatcherVerticleTest.config(t, dir.resolve("snapshot.jsonl.gz"));
    String[] first = new String[1];
    vertx.deployVerticle(new MatcherVerticle(cfg))
        .compose(id -> {
          first[0] = id;
          return MatcherVerticleTest.awaitSource(vertx, "database");
        })
        .compose(s -> vertx.executeBlocking(() -> {
          pg.close();
          pg = null;
          return null;
        }))
        .compose(v -> Decisions.decide(vertx, "e2", "ABC1234"))
        .compose(d -> {
          ctx.verify(() -> assertThat(d.reason()).as("PostgreSQL stopped, matcher running").isEqualTo("exact"));
          return vertx.undeploy(first[0]);
        })
        .compose(v -> vertx.deployVerticle(new MatcherVerticle(cfg)))
        .compose(id -> MatcherVerticleTest.awaitSource(vertx, "snapshot"))
        .compose(s -> Decisions.decide(vertx, "e2", "A8C1234"))
        .compose(d -> {
          ctx.verify(() -> assertThat(d.reason()).as("restarted on the snapshot").isEqualTo("fuzzy d=0.5 B->8"));
          return Decisions.decide(vertx, "e1", "ABC1234");
        })
        .compose(d -> {
          ctx.verify(() -> assertThat(d.allowed()).as("an entry while offline").isTrue());
          return MatcherVerticleTest.status(vertx);
        })
        .compose(s -> {
          ctx.verify(() -> assertThat(s.getInteger("pendingMoves")).isEqualTo(1));
          return vertx.executeBlocking(() -> {
            pg = EmbeddedDatabase.start(dir.resolve("pg"), port);
            TestDatabase.exec(t, "INSERT INTO plates (plate, display) VALUES ('NEW9876', 'NEW 9876')");
            return null;
          });
        })
        .compose(v -> MatcherVerticleTest.awaitSource(vertx, "database"))
        .compose(s -> Decisions.decide(vertx, "e2", "NEW9876"))
        .onComplete(ctx.succeeding(d -> ctx.verify(() -> {
          assertThat(d.reason()).as("a plate added while the matcher was away").isEqualTo("exact");
          vertx.setTimer(500, x -> ctx.verify(() -> {
            assertThat(TestDatabase.count(t, "SELECT occupancy FROM lots WHERE id = 'p1'")).isEqualTo(1);
            assertThat(TestDatabase.count(t, "SELECT count(*) FROM presence WHERE plate = 'ABC1234'")).isEqualTo(1);
            ctx.completeNow();
          }));
        })));
  }

  @Test
  @DisplayName("A snapshot cut short is refused whole, never half-read")
  void truncatedSnapshot() throws Exception {
    Path f = dir.resolve("s.jsonl.gz");
    Snapshot.write(f, java.util.List.of(new JsonObject().put("t", "plate").put("id", 1).put("plate", "ABC1234"),
        new JsonObject().put("t", "lot").put("id", "p1").put("occupancy", 3)));
    assertThat(Snapshot.read(f)).hasSize(2);
    byte[] all = java.nio.file.Files.readAllBytes(f);
    java.nio.file.Files.write(f, java.util.Arrays.copyOf(all, all.length / 2));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Snapshot.read(f))
        .isInstanceOf(java.io.IOException.class);
  }
}
