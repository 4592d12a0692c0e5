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
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Deque;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what happened: every plate read, every decision (with its reason and crop) and every
 * gate action. Runs the schema migrations at start, retrying while the database is unreachable. Every write
 * goes through a durable {@link Outbox} on local disk and out to PostgreSQL in order, each exactly once (ids and
 * {@code ON CONFLICT DO NOTHING}), whether PostgreSQL was away for a second or a week, and across restarts.
 *
 * <p>Config: {@link StoreConfig}, given at construction.
 */
public class StoreVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(StoreVerticle.class);

  private record Write(String sql, Tuple args, String what) {
  }

  /** An outbox entry and the statement that writes it. */
  private record Pending(Outbox.Entry entry, Write write) {
  }

  static final int BATCH = 200;

  private final StoreConfig cfg;
  private DbTarget target;
  private Pool pool;
  private long retryMs;
  private boolean ready;
  private boolean flushing;
  private boolean syncing;
  /** After bad data in a batch: one write per round trip until the bad one is found. */
  private boolean single;
  private long retryTimer = -1;
  private long lastWarnAt;
  private Outbox outbox;
  private WorkerExecutor disk;
  private final Deque<Pending> pending = new ArrayDeque<>();

  /** The device of the site that runs this store's lanes, or null (a device on its own). */
  private String device;

  /** This device's name in its site, written with the lanes it runs; null for a device on its own. */
  public StoreVerticle device(String name) {
    this.device = name;
    return this;
  }

  public StoreVerticle(StoreConfig cfg) {
    this.cfg = cfg;
  }

  @Override
  public Future<?> start() {
    target = cfg.db();
    retryMs = cfg.retryMs();
    Path dir = cfg.outbox();
    long maxBytes = cfg.outboxMaxBytes();
    pool = target.pool(vertx, cfg.poolSize());
    disk = vertx.createSharedWorkerExecutor("lanekeeper-outbox", 1);
    return disk.executeBlocking(() -> Outbox.open(dir, maxBytes)).map(o -> {
      outbox = o;
      for (Outbox.Entry e : o.loaded()) {
        pending.addLast(new Pending(e, write(e)));
      }
      vertx.eventBus().<JsonObject>localConsumer(Addresses.ANPR_READ, m -> enqueue("read", m.body()));
      vertx.eventBus().<JsonObject>localConsumer(Addresses.ACCESS_DECISION, m -> enqueue("event", m.body()));
      vertx.eventBus().<JsonObject>localConsumer(Addresses.GATE_ACTION, m -> enqueue("gate", m.body()));
      // the device's own view: is PostgreSQL taking its writes, and how many wait in the outbox
      vertx.eventBus().<JsonObject>localConsumer(Addresses.HEALTH_DATABASE, m -> m.reply(new JsonObject()
          .put("status", ready && retryTimer < 0 ? "UP" : "DOWN").put("detail", target.describe())
          .put("outbox", pending.size())));
      prepareDatabase();
      return null;
    });
  }

  private void prepareDatabase() {
    vertx.executeBlocking(() -> Migrations.migrate(target))
        .compose(n -> seedLanes())
        .onSuccess(v -> {
          ready = true;
          vertx.eventBus().publish(Addresses.SCHEMA_READY, new JsonObject());
          LOG.info("Store ready on {}{}", target.describe(),
              pending.isEmpty() ? "" : "; " + pending.size() + " writes waiting in the outbox");
          flush();
        })
        .onFailure(e -> {
          LOG.warn("Database {} unreachable ({}); retrying in {} ms", target.describe(), rootMessage(e), retryMs);
          vertx.setTimer(retryMs, t -> prepareDatabase());
        });
  }

  private Future<?> seedLanes() {
    var batch = new java.util.ArrayList<Tuple>();
    var lots = new java.util.ArrayList<Tuple>();
    for (LaneConfig l : cfg.lanes()) {
      batch.add(Tuple.from(SharedSql.laneRow(l, l.toJson())).addString(device));
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

  private Write write(Outbox.Entry e) {
    return switch (e.kind()) {
      case "read" -> readWrite(PlateRead.fromJson(e.body()));
      case "event" -> eventWrite(AccessDecision.fromJson(e.body()));
      case "gate" -> gateActionWrite(GateAction.fromJson(e.body()));
      default -> throw new IllegalStateException("unknown outbox entry kind " + e.kind());
    };
  }

  private Write readWrite(PlateRead r) {
    return new Write(StoreSql.INSERT_READ, Tuple.of(UUID.nameUUIDFromBytes((r.frameId() + "/" + r.plate() + "/"
            + r.box()).getBytes()), text(r.lane()), text(r.frameId()), utc(r.capturedAt()), text(r.plate()),
        (float) r.confidence(), floats(r.charConfidences()), ints(r), text(r.format()),
        r.cropJpeg() == null ? null : Buffer.buffer(r.cropJpeg())),
        "read " + r.plate());
  }

  private Write eventWrite(AccessDecision d) {
    VehicleRead v = d.vehicle();
    PlateRead b = v.best();
    return new Write(StoreSql.INSERT_EVENT, Tuple.from(new Object[] {d.eventId(), text(d.lane()), utc(v.firstSeen()),
        utc(d.decidedAt()), text(v.plate()), (float) v.confidence(), floats(b.charConfidences()), v.nReads(),
        d.allowed() ? "allow" : "deny", text(d.reason()), d.matchedPlateId(), text(d.matchedPlate()),
        d.distance() < 0 ? null : (float) d.distance(), ints(b),
        b.cropJpeg() == null ? null : Buffer.buffer(b.cropJpeg())}),
        "event " + d.eventId());
  }

  private Write gateActionWrite(GateAction a) {
    return new Write(StoreSql.INSERT_GATE_ACTION, Tuple.from(new Object[] {a.id(), text(a.lane()), utc(a.at()),
        text(a.action()), text(a.result()), uuid(a.decisionId()), text(a.by()), text(a.why()), uuid(a.vehicle())}),
        "gate action " + a.action() + " " + a.lane());
  }

  /** A decision's or vehicle's id as PostgreSQL's uuid; null stays null. */
  private static UUID uuid(String id) {
    return id == null ? null : UUID.fromString(id);
  }

  private void enqueue(String kind, JsonObject body) {
    Write w;
    try {
      w = write(new Outbox.Entry(0, kind, body));
    } catch (RuntimeException e) {
      LOG.error("Store refused a malformed {}: {}", kind, e.toString());
      return;
    }
    Outbox.Entry e = outbox.add(kind, body);
    if (e == null) {
      return;
    }
    pending.addLast(new Pending(e, w));
    sync();
    flush();
  }

  /** Group commit: one worker appends and forces whatever queued meanwhile, and records acknowledgements. */
  private void sync() {
    if (syncing || !outbox.needsSync()) {
      return;
    }
    syncing = true;
    Outbox.Batch b = outbox.drain();
    disk.executeBlocking(() -> {
      outbox.sync(b);
      return null;
    }).onComplete(r -> {
      syncing = false;
      if (r.failed()) {
        LOG.error("Outbox cannot write to disk: {}", r.cause().toString());
      }
      sync();
    });
  }

  /**
   * Writes in order: up to {@link #BATCH} consecutive writes of one statement in one round trip. A failure stops
   * the flush and retries it later; a batch PostgreSQL refuses as bad data goes again one write at a time, so that
   * only the bad write is dropped.
   */
  private void flush() {
    if (!ready || flushing || retryTimer >= 0 || pending.isEmpty()) {
      return;
    }
    flushing = true;
    List<Pending> batch = new ArrayList<>();
    String sql = pending.peekFirst().write().sql();
    for (Pending p : pending) {
      if (!p.write().sql().equals(sql) || batch.size() == (single ? 1 : BATCH)) {
        break;
      }
      batch.add(p);
    }
    List<Tuple> args = batch.stream().map(p -> p.write().args()).toList();
    pool.preparedQuery(sql).executeBatch(args)
        .onSuccess(rs -> {
          if (lastWarnAt != 0) {
            LOG.info("Store writing again; {} writes waiting in the outbox", pending.size() - batch.size());
            lastWarnAt = 0;
          }
          done(batch);
          single = false;
          flushing = false;
          flush();
        })
        .onFailure(e -> {
          flushing = false;
          if (isDataError(e) && batch.size() == 1) {
            LOG.error("Store rejected {}: {}", batch.getFirst().write().what(), e.getMessage());
            done(batch);
            single = false;
            flush();
          } else if (isDataError(e)) {
            single = true;
            flush();
          } else {
            long now = System.currentTimeMillis();
            if (now - lastWarnAt >= 60_000) {
              lastWarnAt = now;
              LOG.warn("Store cannot write {} ({}); {} writes waiting in the outbox, retrying every {} ms",
                  batch.getFirst().write().what(), rootMessage(e), pending.size(), retryMs);
            }
            retryTimer = vertx.setTimer(retryMs, t -> {
              retryTimer = -1;
              flush();
            });
          }
        });
  }

  private void done(List<Pending> batch) {
    for (Pending p : batch) {
      pending.pollFirst();
      if (p.entry().kind().equals("event")) {
        vertx.eventBus().publish(Addresses.EVENT_STORED, new JsonObject().put("eventId",
            p.write().args().getValue(0).toString()));
      }
    }
    outbox.acked(batch.getLast().entry().seq());
    sync();
  }

  private static boolean isDataError(Throwable e) {
    return e instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
        && (pg.getSqlState().startsWith("22") || pg.getSqlState().startsWith("23"));
  }

  /**
   * Text as PostgreSQL can hold it: without U+0000, which it refuses outright. The API and the gate refuse such text
   * before anything happens; this keeps a write that slipped past them (an older outbox, a new path) from being
   * rejected and its row lost.
   */
  static String text(String s) {
    return s == null || s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "");
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
      LOG.warn("Store stops with {} writes not yet in the database; they stay in the outbox", pending.size());
    }
    Outbox.Batch last = outbox.drain();
    return disk.executeBlocking(() -> {
      outbox.sync(last);
      outbox.close();
      return null;
    }).eventually(() -> pool.close()).eventually(() -> disk.close());
  }
}
