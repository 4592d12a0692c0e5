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
 * on an embedded PostgreSQL of the bench's own, vehicles at the gate (two a second per device, two lanes each, half
 * of them registered) before, during and after a real stop of the server. Counts the decisions and barrier openings
 * made while it was away, and checks afterwards that every event and gate action is in PostgreSQL exactly once.
 * With {@code --devices N} the site's devices share the one database, each its own Vert.x, outbox and registry
 * snapshot; with {@code --restart} the first device is stopped and started again halfway through the outage (its
 * outbox then holds what it decided before, on disk, and its matcher starts from its snapshot).
 * {@code lanekeeper bench outage [--before S] [--outage S] [--after S] [--devices N] [--restart] [--md FILE]}.
 */
public final class OutageBench {

  private OutageBench() {
  }

  /** One device: its gate, store and matcher on a Vert.x of its own, and a car every 0.5 s on its two lanes. */
  private static final class Device {
    final int k;
    final List<LaneConfig> lanes;
    final GateConfig site = GateConfig.from(new JsonObject().put("provider", "mock"));
    Vertx vertx;
    long feeder = -1;
    final AtomicInteger n = new AtomicInteger();

    Device(int k) {
      this.k = k;
      JsonArray json = new JsonArray();
      for (int l = 1; l <= 2; l++) {
        json.add(new JsonObject().put("id", "d" + k + "-in-" + l).put("gate", new JsonObject().put("mode", "hold")
            .put("relayLine", 4 + 2 * l).put("autoCloseMs", 300).put("travelMs", 50)));
      }
      lanes = LaneConfig.listFrom(json, site);
    }

    void start(DbTarget t, Path dir, Tally tally) throws Exception {
      vertx = Vertx.vertx();
      Path home = dir.resolve("device-" + k);
      await(vertx.deployVerticle(new GateVerticle(site, lanes)));
      await(vertx.deployVerticle(new StoreVerticle(new StoreConfig(t, 4, 1000, home.resolve("outbox"),
          StoreConfig.DEFAULT_OUTBOX_MAX_BYTES, lanes))));
      await(vertx.deployVerticle(new MatcherVerticle(new MatcherConfig(t, 2, 1000, lanes,
          home.resolve("registry.jsonl.gz"), java.time.ZoneOffset.UTC))));
      vertx.eventBus().<JsonObject>consumer(Addresses.ACCESS_DECISION, m -> tally.decided(m.body()));
      vertx.eventBus().<JsonObject>consumer(Addresses.GATE_ACTION, m -> tally.action(GateAction.fromJson(m.body())));
    }

    void feed() {
      feeder = vertx.setPeriodic(500, id -> {
        int i = n.getAndIncrement();
        String lane = lanes.get(i % 2).id();
        String plate = i % 4 < 2 ? String.format("REG%04d", (i + 250 * k) % 1000)
            : String.format("UNK%d%04d", k, i % 10_000);
        Instant now = Instant.now();
        PlateRead r = new PlateRead(lane, "f-" + i, now, plate, 0.95, new double[] {0.95}, new Box(1, 2, 3, 4), null,
            null);
        vertx.eventBus().publish(Addresses.VEHICLE_READ, new VehicleRead(UUID.randomUUID(), lane, now, now, plate,
            0.95, r.charConfidences(), 3, r).toJson());
      });
    }

    void stopFeeding() {
      if (vertx != null) {
        vertx.cancelTimer(feeder);
      }
    }

    void stop() {
      if (vertx != null) {
        vertx.close().toCompletionStage().toCompletableFuture().join();
        vertx = null;
      }
    }
  }

  /** What the devices decided and did, by phase: 0 before, 1 PostgreSQL stopped, 2 after. */
  private static final class Tally {
    final AtomicInteger phase = new AtomicInteger();
    final AtomicInteger[] decisions = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    final AtomicInteger[] opened = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    final Set<String> decided = ConcurrentHashMap.newKeySet();
    final Set<UUID> actions = ConcurrentHashMap.newKeySet();

    void decided(JsonObject d) {
      decided.add(d.getString("eventId"));
      decisions[phase.get()].incrementAndGet();
    }

    void action(GateAction a) {
      actions.add(a.id());
      if (a.action().equals("open") && a.result().equals("done") && "auto".equals(a.by())) {
        opened[phase.get()].incrementAndGet();
      }
    }
  }

  public static int run(String[] args, PrintStream out) {
    int before = 10;
    int outage = 60;
    int after = 10;
    int devices = 1;
    boolean restart = false;
    String md = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--before" -> before = Integer.parseInt(args[++i]);
        case "--outage" -> outage = Integer.parseInt(args[++i]);
        case "--after" -> after = Integer.parseInt(args[++i]);
        case "--devices" -> devices = Integer.parseInt(args[++i]);
        case "--restart" -> restart = true;
        case "--md" -> md = args[++i];
        default -> {
          System.err.println("usage: bench outage [--before S] [--outage S] [--after S] [--devices N] [--restart] "
              + "[--md FILE]");
          return 2;
        }
      }
    }
    if (devices < 1 || devices > 8 || before < 1 || outage < 4 || after < 1) {
      System.err.println("bench outage: 1-8 devices, at least 1 s before and after, an outage of at least 4 s");
      return 2;
    }
    List<Device> site = new java.util.ArrayList<>();
    EmbeddedDatabase pg = null;
    try {
      Path dir = Files.createTempDirectory("lk-outage");
      pg = EmbeddedDatabase.start(dir.resolve("pg"), 0);
      int port = pg.target().port();
      DbTarget t = pg.target();
      Migrations.migrate(t);
      sql(t, "INSERT INTO plates (plate, display) SELECT 'REG' || lpad(g::text, 4, '0'), 'REG ' || g "
          + "FROM generate_series(0, 999) g");
      Tally tally = new Tally();
      for (int k = 1; k <= devices; k++) {
        Device d = new Device(k);
        d.start(t, dir, tally);
        site.add(d);
      }
      Thread.sleep(2000); // the matchers' first load (and their snapshots written)
      site.forEach(Device::feed);
      out.printf("bench outage: %d device(s), %d s with PostgreSQL, then stopped for %d s%s, then %d s after its "
          + "restart%n", devices, before, outage, restart ? " (device 1 restarted halfway)" : "", after);
      Thread.sleep(TimeUnit.SECONDS.toMillis(before));
      pg.close();
      pg = null;
      tally.phase.set(1);
      out.println("bench outage: PostgreSQL stopped");
      double restartS = Double.NaN;
      if (restart) {
        Thread.sleep(TimeUnit.SECONDS.toMillis(outage) / 2);
        Device first = site.get(0);
        long r0 = System.nanoTime();
        first.stop();
        first.start(t, dir, tally);
        first.feed();
        restartS = (System.nanoTime() - r0) / 1e9;
        out.printf("bench outage: device 1 restarted without PostgreSQL in %.1f s%n", restartS);
        Thread.sleep(TimeUnit.SECONDS.toMillis(outage) - TimeUnit.SECONDS.toMillis(outage) / 2);
      } else {
        Thread.sleep(TimeUnit.SECONDS.toMillis(outage));
      }
      pg = EmbeddedDatabase.start(dir.resolve("pg"), port);
      tally.phase.set(2);
      out.println("bench outage: PostgreSQL started again");
      Thread.sleep(TimeUnit.SECONDS.toMillis(after));
      site.forEach(Device::stopFeeding);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long events = 0;
      while (System.nanoTime() < deadline) {
        events = count(t, "SELECT count(*) FROM events");
        if (events >= tally.decided.size() && count(t, "SELECT count(*) FROM gate_actions") >= tally.actions.size()) {
          break;
        }
        Thread.sleep(200);
      }
      long distinct = count(t, "SELECT count(DISTINCT id) FROM events");
      long gateRows = count(t, "SELECT count(*) FROM gate_actions");
      long gateDistinct = count(t, "SELECT count(DISTINCT uid) FROM gate_actions");
      long outageRows = count(t, "SELECT count(*) FROM events WHERE stored_at - decided_at > interval '1 second'");
      boolean ok = events == tally.decided.size() && distinct == events && gateRows == tally.actions.size()
          && gateDistinct == gateRows;
      String who = devices == 1 ? "" : String.format(" --devices %d", devices);
      String report = String.format(java.util.Locale.ROOT, """
          # PostgreSQL away for %d s while vehicles come%s

          `scripts/bench outage --outage %d%s%s`: the matcher, gate and store verticles of %s on an embedded
          PostgreSQL of the bench's own, two vehicles a second%s over two lanes (half registered), %d s before,
          %d s of PostgreSQL stopped (`pg_ctl stop`)%s, %d s after it started again.

          | | before | PostgreSQL stopped | after |
          |---|---|---|---|
          | decisions | %d | %d | %d |
          | barrier opened | %d | %d | %d |

          Afterwards in PostgreSQL: %d events for %d decisions (%d distinct ids; %d of them written late, from the
          outbox), %d gate actions for %d published (%d distinct). %s
          """, outage, devices == 1 ? "" : String.format(" (%d devices of a site%s)", devices,
              restart ? ", one restarted" : ""), outage, who, restart ? " --restart" : "",
          devices == 1 ? "one device" : devices + " devices (each its own Vert.x, outbox and registry snapshot)",
          devices == 1 ? "" : " per device", before, outage, restart
              ? String.format(java.util.Locale.ROOT, "; device 1 stopped and started again halfway, without "
                  + "PostgreSQL, in %.1f s", restartS) : "",
          after, tally.decisions[0].get(), tally.decisions[1].get(), tally.decisions[2].get(), tally.opened[0].get(),
          tally.opened[1].get(), tally.opened[2].get(), events, tally.decided.size(), distinct, outageRows, gateRows,
          tally.actions.size(), gateDistinct, ok ? "**Every event and action once.**" : "**MISMATCH.**");
      out.print(report);
      if (md != null) {
        Files.writeString(Path.of(md), report);
      }
      return ok && tally.decisions[1].get() > 0 && tally.opened[1].get() > 0 ? 0 : 1;
    } catch (Exception e) {
      System.err.println("bench outage: " + e);
      return 1;
    } finally {
      site.forEach(Device::stop);
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
