package io.lanekeeper.store;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateAction;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.Migrations;
import io.lanekeeper.db.SharedSql;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what happened: every plate read, every decision (with its reason and crop) and every
 * gate action. Runs the schema migrations at start, retrying while the database is unreachable;
 * writes wait in a bounded queue meanwhile and go out in order once it answers.
 *
 * <p>Config: {@code {"db": DbTarget json, "retryMs": n, "maxPending": n, "lanes": [LaneConfig json...]}}.
 */
public class StoreVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StoreVerticle.class);

  private record Write(String sql, Tuple args, String what) {
  }

  private DbTarget target;
  private Pool pool;
  private long retryMs;
  private int maxPending;
  private boolean ready;
  private boolean flushing;
  private long dropped;
  private final Deque<Write> pending = new ArrayDeque<>();

  @Override
  public Future<?> start() {
    target = DbTarget.fromJson(config().getJsonObject("db"));
    retryMs = config().getLong("retryMs", 5000L);
    maxPending = config().getInteger("maxPending", 20_000);
    pool = target.pool(vertx, 4);
    vertx.eventBus().<JsonObject>consumer(Addresses.ANPR_READ, m -> enqueue(readWrite(PlateRead.fromJson(m.body()))));
    vertx.eventBus().<JsonObject>consumer(Addresses.ACCESS_DECISION,
        m -> enqueue(eventWrite(AccessDecision.fromJson(m.body()))));
    vertx.eventBus().<JsonObject>consumer(Addresses.GATE_ACTION,
        m -> enqueue(gateActionWrite(GateAction.fromJson(m.body()))));
    prepareDatabase();
    return Future.succeededFuture();
  }

  private void prepareDatabase() {
    vertx.executeBlocking(() -> Migrations.migrate(target))
        .compose(n -> seedLanes())
        .onSuccess(v -> {
          ready = true;
          LOG.info("Store ready on {}", target.describe());
          flush();
        })
        .onFailure(e -> {
          LOG.warn("Database {} unreachable ({}); retrying in {} ms", target.describe(), rootMessage(e), retryMs);
          vertx.setTimer(retryMs, t -> prepareDatabase());
        });
  }

  private Future<?> seedLanes() {
    JsonArray lanes = config().getJsonArray("lanes", new JsonArray());
    var batch = new java.util.ArrayList<Tuple>();
    var lots = new java.util.ArrayList<Tuple>();
    for (int i = 0; i < lanes.size(); i++) {
      LaneConfig l = LaneConfig.from(lanes.getJsonObject(i), "lanes[" + i + "].");
      JsonObject lj = l.toJson();
      batch.add(Tuple.from(new Object[] {l.id(), l.name(), l.direction(), lj.getJsonObject("camera"),
          lj.getJsonObject("gate"), (float) l.maxDistance(), l.formats().toArray(String[]::new), l.enabled(), l.lot(),
          l.antiPassback(), l.exitRule()}));
      if (l.lot() != null) {
        lots.add(Tuple.of(l.lot()));
      }
    }
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    Future<?> lotsSeeded = lots.isEmpty() ? Future.succeededFuture()
        : pool.preparedQuery(SharedSql.ENSURE_LOT).executeBatch(lots);
    return lotsSeeded.compose(v -> pool.preparedQuery(StoreSql.UPSERT_LANE).executeBatch(batch));
  }

  private Write readWrite(PlateRead r) {
    return new Write(StoreSql.INSERT_READ, Tuple.of(UUID.nameUUIDFromBytes((r.frameId() + "/" + r.plate() + "/"
            + r.box()).getBytes()), r.lane(), r.frameId(), utc(r.capturedAt()), r.plate(), (float) r.confidence(),
        floats(r.charConfidences()), ints(r), r.format(), r.cropJpeg() == null ? null : Buffer.buffer(r.cropJpeg())),
        "read " + r.plate());
  }

  private Write eventWrite(AccessDecision d) {
    VehicleRead v = d.vehicle();
    PlateRead b = v.best();
    return new Write(StoreSql.INSERT_EVENT, Tuple.from(new Object[] {d.eventId(), d.lane(), utc(v.firstSeen()),
        utc(d.decidedAt()), v.plate(), (float) v.confidence(), floats(b.charConfidences()), v.nReads(),
        d.allowed() ? "allow" : "deny", d.reason(), d.matchedPlateId(), d.matchedPlate(),
        d.distance() < 0 ? null : (float) d.distance(), ints(b), b.cropJpeg() == null ? null : Buffer.buffer(b.cropJpeg())}),
        "event " + d.eventId());
  }

  private Write gateActionWrite(GateAction a) {
    return new Write(StoreSql.INSERT_GATE_ACTION, Tuple.of(a.lane(), utc(a.at()), a.action(), a.result(),
        a.decisionId() == null ? null : UUID.fromString(a.decisionId()), a.by(), a.why()),
        "gate action " + a.action() + " " + a.lane());
  }

  private void enqueue(Write w) {
    if (pending.size() >= maxPending) {
      pending.pollFirst();
      if (dropped++ % 1000 == 0) {
        LOG.error("Store queue full ({} writes): dropped the oldest, {} dropped so far", maxPending, dropped);
      }
    }
    pending.addLast(w);
    flush();
  }

  /** Writes in order, one at a time: a failure stops the flush and retries it later. */
  private void flush() {
    if (!ready || flushing || pending.isEmpty()) {
      return;
    }
    flushing = true;
    Write w = pending.peekFirst();
    pool.preparedQuery(w.sql()).execute(w.args())
        .onSuccess(rs -> {
          pending.pollFirst();
          flushing = false;
          if (w.sql().equals(StoreSql.INSERT_EVENT)) {
            vertx.eventBus().publish(Addresses.EVENT_STORED, new JsonObject().put("eventId", w.args().getValue(0).toString()));
          }
          flush();
        })
        .onFailure(e -> {
          flushing = false;
          if (isDataError(e)) {
            pending.pollFirst();
            LOG.error("Store rejected {}: {}", w.what(), e.getMessage());
            flush();
          } else {
            LOG.warn("Store cannot write {} ({}); {} writes waiting, retrying in {} ms", w.what(), rootMessage(e),
                pending.size(), retryMs);
            vertx.setTimer(retryMs, t -> flush());
          }
        });
  }

  private static boolean isDataError(Throwable e) {
    return e instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
  }

  private static OffsetDateTime utc(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  private static Float[] floats(double[] d) {
    Float[] f = new Float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private static Integer[] ints(PlateRead r) {
    return new Integer[] {r.box().x(), r.box().y(), r.box().w(), r.box().h()};
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public Future<?> stop() {
    if (!pending.isEmpty()) {
      LOG.warn("Store stops with {} writes not yet in the database", pending.size());
    }
    return pool.close();
  }
}
