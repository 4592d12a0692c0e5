package io.lanekeeper.agent.bench;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.GateAction;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.EmbeddedDatabase;
import io.lanekeeper.db.Migrations;
import io.lanekeeper.gate.GateVerticle;
import io.lanekeeper.matcher.MatcherConfig;
import io.lanekeeper.matcher.MatcherVerticle;
import io.lanekeeper.store.StoreConfig;
import io.lanekeeper.store.StoreVerticle;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PostgreSQL stopped for a minute while vehicles keep coming: the matcher, the gate and the store of the controller
 * on an embedded PostgreSQL of the bench's own, vehicles at the gate (two a second, two lanes, half of them
 * registered) before, during and after a real stop of the server. Counts the decisions and barrier openings made
 * while it was away, and checks afterwards that every event and gate action is in PostgreSQL exactly once.
 * {@code lanekeeper bench outage [--before S] [--outage S] [--after S] [--md FILE]}.
 */
public final class OutageBench {

  private OutageBench() {
  }

  public static int run(String[] args, PrintStream out) {
    int before = 10;
    int outage = 60;
    int after = 10;
    String md = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--before" -> before = Integer.parseInt(args[++i]);
        case "--outage" -> outage = Integer.parseInt(args[++i]);
        case "--after" -> after = Integer.parseInt(args[++i]);
        case "--md" -> md = args[++i];
        default -> {
          System.err.println("usage: bench outage [--before S] [--outage S] [--after S] [--md FILE]");
          return 2;
        }
      }
    }
    Vertx vertx = Vertx.vertx();
    EmbeddedDatabase pg = null;
    try {
      Path dir = Files.createTempDirectory("lk-outage");
      pg = EmbeddedDatabase.start(dir.resolve("pg"), 0);
      int port = pg.target().port();
      DbTarget t = pg.target();
      Migrations.migrate(t);
      sql(t, "INSERT INTO plates (plate, display) SELECT 'REG' || lpad(g::text, 4, '0'), 'REG ' || g "
          + "FROM generate_series(0, 999) g");
      JsonArray lanes = new JsonArray()
          .add(new JsonObject().put("id", "in-1").put("gate", new JsonObject().put("mode", "hold")
              .put("autoCloseMs", 300).put("travelMs", 50)))
          .add(new JsonObject().put("id", "in-2").put("gate", new JsonObject().put("mode", "hold").put("relayLine", 27)
              .put("autoCloseMs", 300).put("travelMs", 50)));
      GateConfig site = GateConfig.from(new JsonObject().put("provider", "mock"));
      List<LaneConfig> laneList = LaneConfig.listFrom(lanes, site);
      await(vertx.deployVerticle(new GateVerticle(site, laneList)));
      await(vertx.deployVerticle(new StoreVerticle(new StoreConfig(t, 4, 1000, dir.resolve("outbox"),
          StoreConfig.DEFAULT_OUTBOX_MAX_BYTES, laneList))));
      await(vertx.deployVerticle(new MatcherVerticle(new MatcherConfig(t, 2, 1000, laneList,
          dir.resolve("registry.jsonl.gz"), java.time.ZoneOffset.UTC))));
      Thread.sleep(2000); // the matcher's first load

      AtomicInteger phase = new AtomicInteger();
      int[] decisions = new int[3];
      int[] opened = new int[3];
      Set<String> decided = ConcurrentHashMap.newKeySet();
      Set<UUID> actions = ConcurrentHashMap.newKeySet();
      vertx.eventBus().<JsonObject>consumer(Addresses.ACCESS_DECISION, m -> {
        decided.add(m.body().getString("eventId"));
        decisions[phase.get()]++;
      });
      vertx.eventBus().<JsonObject>consumer(Addresses.GATE_ACTION, m -> {
        GateAction a = GateAction.fromJson(m.body());
        actions.add(a.id());
        if (a.action().equals("open") && a.result().equals("done") && "auto".equals(a.by())) {
          opened[phase.get()]++;
        }
      });
      AtomicInteger n = new AtomicInteger();
      long feeder = vertx.setPeriodic(500, id -> {
        int i = n.getAndIncrement();
        String lane = i % 2 == 0 ? "in-1" : "in-2";
        String plate = i % 4 < 2 ? String.format("REG%04d", i % 1000) : String.format("UNK%04d", i % 10_000);
        Instant now = Instant.now();
        PlateRead r = new PlateRead(lane, "f-" + i, now, plate, 0.95, new double[] {0.95}, new Box(1, 2, 3, 4), null,
            null);
        vertx.eventBus().publish(Addresses.VEHICLE_READ, new VehicleRead(UUID.randomUUID(), lane, now, now, plate,
            0.95, r.charConfidences(), 3, r).toJson());
      });
      out.printf("bench outage: %d s with PostgreSQL, then stopped for %d s, then %d s after its restart%n", before,
          outage, after);
      Thread.sleep(TimeUnit.SECONDS.toMillis(before));
      pg.close();
      pg = null;
      phase.set(1);
      out.println("bench outage: PostgreSQL stopped");
      Thread.sleep(TimeUnit.SECONDS.toMillis(outage));
      pg = EmbeddedDatabase.start(dir.resolve("pg"), port);
      phase.set(2);
      out.println("bench outage: PostgreSQL started again");
      Thread.sleep(TimeUnit.SECONDS.toMillis(after));
      vertx.cancelTimer(feeder);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long events = 0;
      while (System.nanoTime() < deadline) {
        events = count(t, "SELECT count(*) FROM events");
        if (events >= decided.size() && count(t, "SELECT count(*) FROM gate_actions") >= actions.size()) {
          break;
        }
        Thread.sleep(200);
      }
      long distinct = count(t, "SELECT count(DISTINCT id) FROM events");
      long gateRows = count(t, "SELECT count(*) FROM gate_actions");
      long gateDistinct = count(t, "SELECT count(DISTINCT uid) FROM gate_actions");
      long outageRows = count(t, "SELECT count(*) FROM events WHERE stored_at - decided_at > interval '1 second'");
      boolean ok = events == decided.size() && distinct == events && gateRows == actions.size()
          && gateDistinct == gateRows;
      String report = String.format("""
          # PostgreSQL away for %d s while vehicles come

          `scripts/bench outage --outage %d`: the matcher, gate and store verticles on an embedded PostgreSQL of the
          bench's own, two vehicles a second over two lanes (half registered), %d s before, %d s of PostgreSQL
          stopped (`pg_ctl stop`), %d s after it started again.

          | | before | PostgreSQL stopped | after |
          |---|---|---|---|
          | decisions | %d | %d | %d |
          | barrier opened | %d | %d | %d |

          Afterwards in PostgreSQL: %d events for %d decisions (%d distinct ids; %d of them written late, from the
          outbox), %d gate actions for %d published (%d distinct). %s
          """, outage, outage, before, outage, after, decisions[0], decisions[1], decisions[2], opened[0], opened[1],
          opened[2], events, decided.size(), distinct, outageRows, gateRows, actions.size(), gateDistinct,
          ok ? "**Every event and action once.**" : "**MISMATCH.**");
      out.print(report);
      if (md != null) {
        Files.writeString(Path.of(md), report);
      }
      return ok && decisions[1] > 0 && opened[1] > 0 ? 0 : 1;
    } catch (Exception e) {
      System.err.println("bench outage: " + e);
      return 1;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
      if (pg != null) {
        pg.close();
      }
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static void sql(DbTarget t, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(DbTarget t, String sql) {
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      return -1;
    }
  }
}
