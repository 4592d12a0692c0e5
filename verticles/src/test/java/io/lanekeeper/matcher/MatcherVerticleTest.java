package io.lanekeeper.matcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.testing.Decisions;
import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The matcher against real PostgreSQL: every reason from a scenario, and changes reaching the index by NOTIFY. */
@Tag("db")
@ExtendWith(VertxExtension.class)
class MatcherVerticleTest {

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();

  @TempDir
  Path dir;

  static JsonArray lanes() {
    return new JsonArray()
        .add(new JsonObject().put("id", "e1").put("lot", "p1").put("antiPassback", true))
        .add(new JsonObject().put("id", "e2"))
        .add(new JsonObject().put("id", "x1").put("direction", "exit").put("lot", "p1").put("exitRule", "entered"));
  }

  static MatcherConfig config(DbTarget db, Path snapshot) {
    return new MatcherConfig(db, 2, 200, LaneConfig.listFrom(lanes()), snapshot, java.time.ZoneOffset.UTC);
  }

  Future<AccessDecision> decide(Vertx vertx, String lane, String plate) {
    return Decisions.decide(vertx, lane, plate);
  }

  static Future<JsonObject> status(Vertx vertx) {
    return vertx.eventBus().<JsonObject>request(Addresses.MATCHER_STATUS, new JsonObject()).map(m -> m.body());
  }

  /** Polls the matcher's status until {@code source} is what is expected. */
  static Future<JsonObject> awaitSource(Vertx vertx, String source) {
    Promise<JsonObject> p = Promise.promise();
    long deadline = System.currentTimeMillis() + 20_000;
    vertx.setPeriodic(50, id -> status(vertx).onSuccess(s -> {
      if (source.equals(s.getString("source")) && !s.getBoolean("loading")) {
        vertx.cancelTimer(id);
        p.tryComplete(s);
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        p.tryFail("matcher source still " + s.encode());
      }
    }));
    return p.future();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("Every reason comes from a scenario in PostgreSQL: exact, fuzzy, ambiguous, expired, outside schedule, "
      + "lane not allowed, deny-listed, lot full, anti-passback, unknown, not entered")
  void everyReason(Vertx vertx, VertxTestContext ctx) {
    DayOfWeek other = Instant.now().atZone(ZoneOffset.UTC).getDayOfWeek().plus(3);
    String otherDay = other.name().substring(0, 3).toLowerCase(Locale.ROOT);
    db.exec("""
        INSERT INTO lots (id, name, capacity) VALUES ('p1', 'Garage', 2);
        INSERT INTO plates (plate, display, kind, owner) VALUES ('ABC1234', 'ABC 1234', 'allow', 'resident'),
          ('OBC5678', 'OBC 5678', 'allow', 'resident'), ('AMB1234', 'AMB1234', 'allow', 'a'),
          ('AMB1284', 'AMB1284', 'allow', 'b'), ('DNY6666', 'DNY6666', 'deny', 'stolen'),
          ('FUL1234', 'FUL1234', 'allow', 'late');
        INSERT INTO plates (plate, display, valid_to) VALUES ('EXP1234', 'EXP1234', now() - interval '1 day');
        INSERT INTO plates (plate, display, lanes) VALUES ('LAN1234', 'LAN1234', '{x9}');
        INSERT INTO plates (plate, display, schedule) VALUES ('SCH1234', 'SCH1234',
          '{"windows": [{"days": ["%s"], "from": "00:00", "to": "23:59"}]}');
        INSERT INTO passes (plate, lot_id, valid_from, valid_to, reserved)
          VALUES ('RES1234', 'p1', now() - interval '1 hour', now() + interval '1 hour', true);
        """.formatted(otherDay));
    vertx.deployVerticle(new MatcherVerticle(config(db.target(), dir.resolve("snap.jsonl.gz"))))
        .compose(v -> awaitSource(vertx, "database"))
        .compose(s -> {
          List<Future<AccessDecision>> ds = new ArrayList<>();
          ds.add(decide(vertx, "e2", "ABC1234"));
          ds.add(decide(vertx, "e2", "0BC5678"));
          ds.add(decide(vertx, "e2", "AMB1294"));
          ds.add(decide(vertx, "e2", "EXP1234"));
          ds.add(decide(vertx, "e2", "SCH1234"));
          ds.add(decide(vertx, "e2", "LAN1234"));
          ds.add(decide(vertx, "e2", "DNY6G66"));
          ds.add(decide(vertx, "e2", "ZZZ9999"));
          ds.add(decide(vertx, "x1", "ZZZ9999"));
          ds.add(decide(vertx, "e2", "ABC 12<b>"));
          return Future.all(ds).map(all -> ds.stream().map(Future::result).toList());
        })
        .compose(list -> {
          ctx.verify(() -> assertThat(list).extracting(AccessDecision::reason).containsExactly("exact",
              "fuzzy d=0.5 O->0", "ambiguous: AMB1234, AMB1284", "expired", "outside schedule", "lane not allowed",
              "deny-listed fuzzy d=0.5 6->G", "unknown", "not entered", "unreadable"));
          ctx.verify(() -> assertThat(list).extracting(AccessDecision::allowed)
              .containsExactly(true, true, false, false, false, false, false, false, false, false));
          // the lot p1 holds 2: two in, the third refused unless it has a reservation; one in twice refused
          return decide(vertx, "e1", "ABC1234")
              .compose(a -> decide(vertx, "e1", "OBC5678").map(b -> List.of(a, b)))
              .compose(ab -> decide(vertx, "e1", "FUL1234").map(c -> List.of(ab.get(0), ab.get(1), c)))
              .compose(abc -> decide(vertx, "e1", "RES1234").map(r -> List.of(abc.get(0), abc.get(1), abc.get(2), r)))
              .compose(abcr -> decide(vertx, "e1", "ABC1234").map(again -> {
                List<AccessDecision> out = new ArrayList<>(abcr);
                out.add(again);
                return out;
              }));
        })
        .compose(lot -> {
          ctx.verify(() -> assertThat(lot).extracting(AccessDecision::reason)
              .containsExactly("exact", "exact", "lot full", "exact (pass)", "anti-passback"));
          return decide(vertx, "x1", "A8C1234");
        })
        .onComplete(ctx.succeeding(out -> ctx.verify(() -> {
          assertThat(out.allowed()).isTrue();
          assertThat(out.reason()).isEqualTo("fuzzy d=0.5 B->8");
          vertx.setTimer(500, t -> ctx.verify(() -> {
            assertThat(db.count("SELECT occupancy FROM lots WHERE id = 'p1'")).isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM presence WHERE lot_id = 'p1'")).isEqualTo(2);
            assertThat(db.count("SELECT count(*) FROM presence WHERE plate = 'ABC1234'")).isZero();
            ctx.completeNow();
          }));
        })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A plate inserted, deny-listed and deleted in SQL reaches the gate's decisions through NOTIFY "
      + "within a second, and the snapshot on disk follows")
  void notifyKeepsTheIndexCurrent(Vertx vertx, VertxTestContext ctx) {
    Path snapshot = dir.resolve("snap.jsonl.gz");
    List<JsonObject> changes = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.MATCHER_CHANGED, m -> changes.add(m.body()));
    vertx.deployVerticle(new MatcherVerticle(config(db.target(), snapshot)))
        .compose(v -> awaitSource(vertx, "database"))
        .compose(s -> decide(vertx, "e2", "NEW1234"))
        .compose(before -> {
          ctx.verify(() -> assertThat(before.reason()).isEqualTo("unknown"));
          long t0 = System.nanoTime();
          db.exec("INSERT INTO plates (plate, display) VALUES ('NEW1234', 'NEW 1234')");
          return awaitChange(vertx, changes, "INSERT")
              .compose(v -> decide(vertx, "e2", "NEW1234"))
              .map(d -> {
                double ms = (System.nanoTime() - t0) / 1e6;
                LoggerFactory.getLogger(MatcherVerticleTest.class)
                    .info("INSERT to decision: {} ms", String.format("%.1f", ms));
                ctx.verify(() -> {
                  assertThat(d.reason()).isEqualTo("exact");
                  assertThat(ms).as("milliseconds from INSERT to decision").isLessThan(1000);
                });
                return d;
              });
        })
        .compose(d -> {
          db.exec("UPDATE plates SET kind = 'deny' WHERE plate = 'NEW1234'");
          return awaitChange(vertx, changes, "UPDATE").compose(v -> decide(vertx, "e2", "NEW1234"));
        })
        .compose(d -> {
          ctx.verify(() -> assertThat(d.reason()).isEqualTo("deny-listed"));
          db.exec("DELETE FROM plates WHERE plate = 'NEW1234'");
          return awaitChange(vertx, changes, "DELETE").compose(v -> decide(vertx, "e2", "NEW1234"));
        })
        .onComplete(ctx.succeeding(d -> ctx.verify(() -> {
          assertThat(d.reason()).isEqualTo("unknown");
          vertx.setTimer(1500, t -> ctx.verify(() -> {
            assertThat(Files.exists(snapshot)).isTrue();
            assertThat(Snapshot.read(snapshot)).noneMatch(l -> "NEW1234".equals(l.getString("plate")));
            ctx.completeNow();
          }));
        })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A paving stone read as a registered short plate at 0.011 is decided unreadable and the gate is never "
      + "asked to open; the same plate read surely opens")
  void junkReadNeverOpens(Vertx vertx, VertxTestContext ctx) {
    db.exec("INSERT INTO plates (plate, display) VALUES ('GN24', 'GN 24')");
    List<JsonObject> opens = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.gateCommand("e2"), m -> {
      opens.add(m.body());
      m.reply(new JsonObject());
    });
    double[] junk = {0.33, 0.16, 0.5, 0.62};
    vertx.deployVerticle(new MatcherVerticle(config(db.target(), dir.resolve("snap.jsonl.gz"))))
        .compose(v -> awaitSource(vertx, "database"))
        .compose(s -> Decisions.decide(vertx, Decisions.vehicle("e2", "GN24", 0.011, junk)))
        .compose(d -> {
          ctx.verify(() -> {
            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).isEqualTo("unreadable (confidence 0.011 below 0.673)");
            assertThat(d.matchedPlate()).isNull();
            assertThat(opens).isEmpty();
          });
          return Decisions.decide(vertx, "e2", "GN24");
        })
        .onComplete(ctx.succeeding(d -> ctx.verify(() -> {
          assertThat(d.reason()).isEqualTo("exact");
          assertThat(opens).hasSize(1);
          ctx.completeNow();
        })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  @DisplayName("A deny entry whose validity the matcher cannot read (4714 BC, year 20000) still denies its plate, "
      + "at start and through NOTIFY; the row is logged and raised as an alert")
  void unreadableDenyEntryStillDenies(Vertx vertx, VertxTestContext ctx) {
    db.exec("INSERT INTO plates (plate, display, kind, valid_from) VALUES ('HHQ0723', 'HHQ0723', 'deny', "
        + "'4714-11-24 00:00:00+00 BC')");
    List<JsonObject> alerts = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.ALERT, m -> alerts.add(m.body()));
    List<JsonObject> changes = new ArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.MATCHER_CHANGED, m -> changes.add(m.body()));
    vertx.deployVerticle(new MatcherVerticle(config(db.target(), dir.resolve("snap.jsonl.gz"))))
        .compose(v -> awaitSource(vertx, "database"))
        .compose(s -> decide(vertx, "e2", "HHQ0723"))
        .compose(d -> {
          ctx.verify(() -> {
            assertThat(d.allowed()).isFalse();
            assertThat(d.reason()).isEqualTo("deny-listed");
            assertThat(alerts).anySatisfy(a -> assertThat(a.getString("message")).contains("HHQ0723")
                .contains("denies HHQ0723 always"));
          });
          db.exec("INSERT INTO plates (plate, display, kind, valid_to) VALUES ('ZZQ0001', 'ZZQ0001', 'deny', "
              + "'20000-01-01 00:00:00+00')");
          return awaitChange(vertx, changes, "INSERT").compose(v -> decide(vertx, "e2", "ZZQ0001"));
        })
        .compose(d -> {
          ctx.verify(() -> assertThat(d.reason()).isEqualTo("deny-listed"));
          return status(vertx);
        })
        .onComplete(ctx.succeeding(st -> ctx.verify(() -> {
          assertThat(st.getLong("unreadableRows")).isGreaterThanOrEqualTo(2);
          assertThat(alerts).anySatisfy(a -> assertThat(a.getString("message")).contains("ZZQ0001"));
          ctx.completeNow();
        })));
  }

  private static Future<Void> awaitChange(Vertx vertx, List<JsonObject> changes, String op) {
    Promise<Void> p = Promise.promise();
    long deadline = System.currentTimeMillis() + 5000;
    vertx.setPeriodic(10, id -> {
      if (changes.stream().anyMatch(c -> op.equals(c.getString("op")))) {
        vertx.cancelTimer(id);
        p.tryComplete();
      } else if (System.currentTimeMillis() > deadline) {
        vertx.cancelTimer(id);
        p.tryFail("no " + op + " notification reached the matcher in 5 s");
      }
    });
    return p.future();
  }
}
