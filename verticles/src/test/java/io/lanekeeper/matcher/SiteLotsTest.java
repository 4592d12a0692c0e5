package io.lanekeeper.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.testing.Decisions;
import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One lot whose entry lane runs on one device of a site and whose exit lane on another, on one PostgreSQL: each
 * device's matcher follows the other's movements, so the exit lets out what came in at the other device, the entry
 * lets it in again afterwards (no false anti-passback), and both count the same.
 */
@Tag("db")
@DisplayName("A lot shared by the lanes of two devices")
class SiteLotsTest {

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();

  @TempDir
  Path dir;

  private Vertx a;
  private Vertx b;

  @AfterEach
  void stop() throws Exception {
    for (Vertx v : new Vertx[] {a, b}) {
      if (v != null) {
        v.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      }
    }
  }

  private Vertx device(String node, JsonArray lanes) throws Exception {
    Vertx v = Vertx.vertx();
    MatcherConfig cfg = new MatcherConfig(db.target(), 2, 200, LaneConfig.listFrom(lanes),
        dir.resolve(node + ".jsonl.gz"), ZoneOffset.UTC);
    await(v.deployVerticle(new MatcherVerticle(cfg).node(node)));
    await(MatcherVerticleTest.awaitSource(v, "database"));
    return v;
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Decides the plate on the lane until the decision is allowed (the other device's movement may be on its way). */
  private static AccessDecision allowedWithin(Vertx v, String lane, String plate, int seconds) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AccessDecision d = await(Decisions.decide(v, lane, plate));
    while (!d.allowed() && System.nanoTime() < until) {
      Thread.sleep(100);
      d = await(Decisions.decide(v, lane, plate));
    }
    return d;
  }

  @Test
  @DisplayName("In at gate-a, out at gate-b, in again at gate-a; the lot of one is full on both devices")
  void sharedLot() throws Exception {
    db.exec("""
        INSERT INTO lots (id, name, capacity) VALUES ('p1', 'Garage', 1);
        INSERT INTO plates (plate, display, kind, owner) VALUES ('ABC1234', 'ABC 1234', 'allow', 'resident'),
          ('XYZ9876', 'XYZ 9876', 'allow', 'visitor');
        """);
    a = device("gate-a", new JsonArray().add(new JsonObject().put("id", "in").put("lot", "p1")
        .put("antiPassback", true)));
    b = device("gate-b", new JsonArray()
        .add(new JsonObject().put("id", "out").put("direction", "exit").put("lot", "p1").put("exitRule", "entered"))
        .add(new JsonObject().put("id", "in-b").put("lot", "p1")));

    AccessDecision in = await(Decisions.decide(a, "in", "ABC1234"));
    assertThat(in.allowed()).as(in.reason()).isTrue();
    // gate-b learns it is inside from gate-a's movement, and lets it out
    AccessDecision out = allowedWithin(b, "out", "ABC1234", 10);
    assertThat(out.allowed()).as(out.reason()).isTrue();
    // gate-a learns it left and the lot is empty again: in again, neither "anti-passback" nor "lot full"
    AccessDecision again = allowedWithin(a, "in", "ABC1234", 10);
    assertThat(again.allowed()).as(again.reason()).isTrue();
    assertThat(again.reason()).isEqualTo("exact");
    // gate-b counts it too: once gate-a's entry is written (and announced), gate-b's own entry lane finds the lot
    // of one full (a decision allowed there would itself be a movement: asked once)
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (db.count("SELECT occupancy FROM lots WHERE id = 'p1'") != 1 && System.nanoTime() < until) {
      Thread.sleep(50);
    }
    Thread.sleep(1000); // the announcement follows the write's commit: a second is ample on loopback
    AccessDecision other = await(Decisions.decide(b, "in-b", "XYZ9876"));
    assertThat(other.reason()).isEqualTo("lot full");
    assertThat(db.count("SELECT occupancy FROM lots WHERE id = 'p1'")).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM presence WHERE lot_id = 'p1' AND plate = 'ABC1234'")).isEqualTo(1);
  }
}
