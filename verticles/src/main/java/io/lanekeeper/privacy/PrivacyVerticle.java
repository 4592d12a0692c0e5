package io.lanekeeper.privacy;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.camera.FrameFiles;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.RetentionConfig;
import io.lanekeeper.db.DbTarget;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the controller records no longer than {@link RetentionConfig} says, and answers a person's subject
 * access and erasure requests (through the admin API). The daily purge runs at {@code retention.purgeAt} in the
 * site's time zone, in batches of {@link #BATCH} rows (each its own statement, so no long lock and no transaction
 * that grows with the data), one device at a time (an advisory lock), and leaves one audit entry with its counts.
 * Bus: {@link Addresses#PRIVACY_PURGE} (run now; reply the counts), {@link Addresses#PRIVACY_EXPORT} and
 * {@link Addresses#PRIVACY_ERASE} ({@code {plate, by, why}}); it publishes {@link Addresses#PRIVACY_ERASED}.
 */
public class PrivacyVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PrivacyVerticle.class);
  static final int BATCH = 5000;
  /** The most decisions and reads an export carries (newest first); the export says when it was cut. */
  static final int EXPORT_EVENTS = 2000;
  static final int EXPORT_READS = 10_000;

  private final RetentionConfig cfg;
  private final DbTarget db;
  private final Path frames;
  private final Path keyFile;
  private final ZoneId zone;
  private Pool pool;
  private PlateHash hash;
  private long timer = -1;
  private boolean purging;

  public PrivacyVerticle(RetentionConfig cfg, DbTarget db, Path frames, Path keyFile, ZoneId zone) {
    this.cfg = cfg;
    this.db = db;
    this.frames = frames;
    this.keyFile = keyFile;
    this.zone = zone;
  }

  @Override
  public Future<?> start() {
    pool = db.pool(vertx, 1);
    return vertx.executeBlocking(() -> PlateHash.load(keyFile)).map(h -> {
      hash = h;
      vertx.eventBus().<JsonObject>localConsumer(Addresses.PRIVACY_PURGE, m -> purge("asked").onSuccess(m::reply)
          .onFailure(e -> m.fail(503, e.getMessage())));
      vertx.eventBus().<JsonObject>localConsumer(Addresses.PRIVACY_EXPORT, this::export);
      vertx.eventBus().<JsonObject>localConsumer(Addresses.PRIVACY_ERASE, this::erase);
      schedule();
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** The next purge at purgeAt, local time. */
  private void schedule() {
    ZonedDateTime now = ZonedDateTime.now(zone);
    ZonedDateTime next = now.with(cfg.purgeAt());
    if (!next.isAfter(now)) {
      next = next.plusDays(1);
    }
    long ms = Math.max(1000, Duration.between(now, next).toMillis());
    timer = vertx.setTimer(ms, t -> purge("daily").onComplete(ar -> schedule()));
  }

  private static OffsetDateTime daysAgo(Instant now, int days) {
    return now.minus(Duration.ofDays(days)).atOffset(ZoneOffset.UTC);
  }

  /** The whole purge; completes with the counts, or fails (logged) when the database is away. */
  Future<JsonObject> purge(String why) {
    if (purging) {
      return Future.failedFuture("a purge is already running");
    }
    purging = true;
    Instant now = Instant.now();
    Map<String, Long> counts = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    return pool.withConnection(c -> c.query(PrivacySql.TRY_LOCK).execute().compose(rs -> {
      if (!rs.iterator().next().getBoolean(0)) {
        return Future.succeededFuture(false);
      }
      return steps(c, now, counts).eventually(() -> c.query(PrivacySql.UNLOCK).execute()).map(true);
    })).compose(ran -> {
      if (!ran) {
        LOG.info("Retention: another device is purging; skipped");
        return Future.succeededFuture(new JsonObject().put("skipped", "another device is purging"));
      }
      return vertx.executeBlocking(() -> oldFrames(now)).compose(n -> {
        counts.put("framesDeleted", counts.getOrDefault("framesDeleted", 0L) + n);
        JsonObject out = new JsonObject();
        counts.forEach(out::put);
        out.put("settings", settings()).put("why", why)
            .put("ms", Duration.ofNanos(System.nanoTime() - t0).toMillis());
        LOG.info("Retention purge ({}): {}", why, out.encode());
        return pool.preparedQuery(PrivacySql.AUDIT).execute(Tuple.of("retention", "retention", null, "purge",
            out)).map(out);
      });
    }).onFailure(e -> LOG.warn("Retention purge ({}) not done: {}", why, e.getMessage()))
        .onComplete(ar -> purging = false);
  }

  private JsonObject settings() {
    return new JsonObject().put("readsDays", cfg.readsDays()).put("eventsDays", cfg.eventsDays())
        .put("cropsDays", cfg.cropsDays()).put("framesDays", cfg.framesDays())
        .put("unregisteredDays", cfg.unregisteredDays());
  }

  private Future<Void> steps(SqlConnection c, Instant now, Map<String, Long> counts) {
    Future<Void> f = Future.succeededFuture();
    if (cfg.unregisteredDays() > 0) {
      OffsetDateTime before = daysAgo(now, cfg.unregisteredDays());
      f = f.compose(v -> hashEvents(c, before, counts)).compose(v -> hashReads(c, before, counts));
    }
    if (cfg.readsDays() > 0) {
      f = f.compose(v -> batches(c, PrivacySql.DELETE_READS, daysAgo(now, cfg.readsDays()), "readsDeleted", counts));
    }
    if (cfg.cropsDays() > 0) {
      OffsetDateTime before = daysAgo(now, cfg.cropsDays());
      f = f.compose(v -> batches(c, PrivacySql.DROP_EVENT_CROPS, before, "eventCropsDropped", counts))
          .compose(v -> batches(c, PrivacySql.DROP_READ_CROPS, before, "readCropsDropped", counts));
    }
    if (cfg.eventsDays() > 0) {
      OffsetDateTime before = daysAgo(now, cfg.eventsDays());
      f = f.compose(v -> deleteEvents(c, before, counts))
          .compose(v -> batches(c, PrivacySql.DELETE_GATE_ACTIONS, before, "gateActionsDeleted", counts));
    }
    return f;
  }

  /** Runs a batched statement ($1 before, $2 batch) until a batch touches fewer rows than a whole batch. */
  private Future<Void> batches(SqlConnection c, String sql, OffsetDateTime before, String key,
                               Map<String, Long> counts) {
    return c.preparedQuery(sql).execute(Tuple.of(before, BATCH)).compose(rs -> {
      counts.merge(key, (long) rs.rowCount(), Long::sum);
      return rs.rowCount() < BATCH ? Future.succeededFuture() : batches(c, sql, before, key, counts);
    });
  }

  private Future<Void> hashEvents(SqlConnection c, OffsetDateTime before, Map<String, Long> counts) {
    return c.preparedQuery(PrivacySql.EVENTS_TO_HASH).execute(Tuple.of(before, BATCH)).compose(rs -> {
      List<UUID> ids = new ArrayList<>();
      List<String> hashes = new ArrayList<>();
      List<Frame> files = new ArrayList<>();
      for (Row r : rs) {
        ids.add(r.getUUID("id"));
        hashes.add(hash.of(r.getString("plate_read")));
        files.add(frameOf(r.getString("lane_id"), r.getUUID("id")));
      }
      if (ids.isEmpty()) {
        return Future.succeededFuture();
      }
      return c.preparedQuery(PrivacySql.HASH_EVENTS).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new))
              .addArrayOfString(hashes.toArray(String[]::new)))
          .compose(u -> vertx.executeBlocking(() -> deleteFrames(files)))
          .compose(n -> {
            counts.merge("eventsPseudonymised", (long) ids.size(), Long::sum);
            counts.merge("framesDeleted", n, Long::sum);
            return ids.size() < BATCH ? Future.succeededFuture() : hashEvents(c, before, counts);
          });
    });
  }

  private Future<Void> hashReads(SqlConnection c, OffsetDateTime before, Map<String, Long> counts) {
    return c.preparedQuery(PrivacySql.READS_TO_HASH).execute(Tuple.of(before, BATCH)).compose(rs -> {
      List<UUID> ids = new ArrayList<>();
      List<String> hashes = new ArrayList<>();
      for (Row r : rs) {
        ids.add(r.getUUID("id"));
        hashes.add(hash.of(r.getString("plate")));
      }
      if (ids.isEmpty()) {
        return Future.succeededFuture();
      }
      return c.preparedQuery(PrivacySql.HASH_READS).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new))
          .addArrayOfString(hashes.toArray(String[]::new))).compose(u -> {
            counts.merge("readsPseudonymised", (long) ids.size(), Long::sum);
            return ids.size() < BATCH ? Future.succeededFuture() : hashReads(c, before, counts);
          });
    });
  }

  private Future<Void> deleteEvents(SqlConnection c, OffsetDateTime before, Map<String, Long> counts) {
    return c.preparedQuery(PrivacySql.DELETE_EVENTS).execute(Tuple.of(before, BATCH)).compose(rs -> {
      List<Frame> files = new ArrayList<>();
      rs.forEach(r -> files.add(frameOf(r.getString("lane_id"), r.getUUID("id"))));
      return vertx.executeBlocking(() -> deleteFrames(files)).compose(n -> {
        counts.merge("eventsDeleted", (long) rs.rowCount(), Long::sum);
        counts.merge("framesDeleted", n, Long::sum);
        return rs.rowCount() < BATCH ? Future.succeededFuture() : deleteEvents(c, before, counts);
      });
    });
  }

  /** An event whose kept frame goes with it. */
  private record Frame(String lane, UUID id) {
  }

  /** The event's frame to delete; null when no frames are kept or the lane is no lane id. */
  private Frame frameOf(String lane, UUID id) {
    if (frames == null || lane == null || !lane.matches(LaneConfig.ID_PATTERN)) {
      return null;
    }
    return new Frame(lane, id);
  }

  /** Deletes the events' frames where {@link FrameFiles} keeps them; how many there were. */
  private long deleteFrames(List<Frame> events) throws IOException {
    long n = 0;
    for (Frame e : events) {
      Path f = e == null ? null : FrameFiles.find(frames, e.lane(), e.id());
      if (f != null && Files.deleteIfExists(f)) {
        n++;
      }
    }
    return n;
  }

  /** Decision frames older than framesDays, by their file time. */
  private long oldFrames(Instant now) throws IOException {
    if (frames == null || cfg.framesDays() <= 0 || !Files.isDirectory(frames)) {
      return 0;
    }
    Instant before = now.minus(Duration.ofDays(cfg.framesDays()));
    long n = 0;
    try (Stream<Path> all = Files.walk(frames, 2)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toInstant().isBefore(before)
            && Files.deleteIfExists(p)) {
          n++;
        }
      }
    }
    return n;
  }

  // ---- one person's plate: subject access and erasure ----

  private record Subject(String plate, String hash, String by, String why) {
  }

  private Subject subject(Message<JsonObject> m, boolean needWhy) {
    JsonObject b = m.body();
    String plate = b.getString("plate");
    String by = b.getString("by");
    String why = b.getString("why");
    if (plate == null || !plate.matches("[A-Z0-9]{2,12}") || by == null || by.isBlank()
        || needWhy && (why == null || why.isBlank())) {
      m.fail(400, "a normalised plate (A-Z, 0-9), who and why are needed");
      return null;
    }
    return new Subject(plate, hash.of(plate), by, why);
  }

  /** Everything held about one plate, as JSON; crops as base64; audited (the entry names the hash, not the plate). */
  private void export(Message<JsonObject> m) {
    Subject s = subject(m, false);
    if (s == null) {
      return;
    }
    Tuple one = Tuple.of(s.plate());
    Future<RowSet<Row>> plates = pool.preparedQuery(PrivacySql.SUBJECT_PLATES).execute(one);
    Future<RowSet<Row>> passes = pool.preparedQuery(PrivacySql.SUBJECT_PASSES).execute(one);
    Future<RowSet<Row>> presence = pool.preparedQuery(PrivacySql.SUBJECT_PRESENCE).execute(one);
    Future<RowSet<Row>> events = pool.preparedQuery(PrivacySql.SUBJECT_EVENTS)
        .execute(Tuple.of(s.plate(), s.hash(), EXPORT_EVENTS + 1));
    Future<RowSet<Row>> reads = pool.preparedQuery(PrivacySql.SUBJECT_READS)
        .execute(Tuple.of(s.plate(), s.hash(), EXPORT_READS + 1));
    Future.all(plates, passes, presence, events, reads).compose(v -> {
      JsonArray ev = new JsonArray();
      int n = 0;
      for (Row r : events.result()) {
        if (++n > EXPORT_EVENTS) {
          break;
        }
        ev.add(((JsonObject) r.getValue("row")).put("cropJpegBase64", r.getString("crop"))
            .put("gateActions", r.getValue("actions")));
      }
      JsonArray rd = rows(reads.result(), EXPORT_READS);
      JsonObject out = new JsonObject().put("plate", s.plate()).put("pseudonym", s.hash())
          .put("exportedAt", Instant.now().toString()).put("exportedBy", s.by())
          .put("registrations", rows(plates.result(), Integer.MAX_VALUE))
          .put("passes", rows(passes.result(), Integer.MAX_VALUE))
          .put("inside", rows(presence.result(), Integer.MAX_VALUE))
          .put("events", ev).put("reads", rd)
          .put("truncated", events.result().size() > EXPORT_EVENTS || reads.result().size() > EXPORT_READS);
      JsonObject audit = new JsonObject().put("pseudonym", s.hash()).put("why", s.why())
          .put("events", ev.size()).put("reads", rd.size());
      return pool.preparedQuery(PrivacySql.AUDIT).execute(Tuple.of(s.by(), "privacy", s.hash(), "export",
          audit)).map(out);
    }).onSuccess(out -> {
      LOG.info("Subject access: {} exported what is held about {} ({} events)", s.by(), s.hash(),
          out.getJsonArray("events").size());
      m.reply(out);
    }).onFailure(e -> m.fail(503, e.getMessage()));
  }

  private static JsonArray rows(RowSet<Row> rs, int max) {
    JsonArray a = new JsonArray();
    for (Row r : rs) {
      if (a.size() >= max) {
        break;
      }
      a.add(r.getValue("row"));
    }
    return a;
  }

  /**
   * Erases one plate: its decisions (and their frames), reads, presence, passes and registrations, in one
   * transaction, on the admin's name; the audit keeps an entry with the counts under the plate's pseudonym.
   */
  private void erase(Message<JsonObject> m) {
    Subject s = subject(m, true);
    if (s == null) {
      return;
    }
    Tuple both = Tuple.of(s.plate(), s.hash());
    Tuple one = Tuple.of(s.plate());
    JsonObject counts = new JsonObject();
    List<Frame> files = new ArrayList<>();
    pool.withTransaction(c -> c.preparedQuery(PrivacySql.SET_ACTOR).execute(Tuple.of(s.by()))
        .compose(v -> c.preparedQuery(PrivacySql.ERASE_EVENTS).execute(both)).compose(rs -> {
          rs.forEach(r -> files.add(frameOf(r.getString("lane_id"), r.getUUID("id"))));
          counts.put("events", rs.rowCount());
          return c.preparedQuery(PrivacySql.ERASE_READS).execute(both);
        }).compose(rs -> {
          counts.put("reads", rs.rowCount());
          return c.preparedQuery(PrivacySql.ERASE_PRESENCE).execute(one);
        }).compose(rs -> {
          counts.put("inside", rs.rowCount());
          return c.preparedQuery(PrivacySql.ERASE_PASSES).execute(one);
        }).compose(rs -> {
          counts.put("passes", rs.rowCount());
          return c.preparedQuery(PrivacySql.ERASE_PLATES).execute(one);
        }).compose(rs -> {
          counts.put("registrations", rs.rowCount());
          JsonObject audit = counts.copy().put("pseudonym", s.hash()).put("why", s.why());
          return c.preparedQuery(PrivacySql.AUDIT).execute(Tuple.of(s.by(), "privacy", s.hash(), "erase",
              audit));
        }))
        .compose(v -> vertx.executeBlocking(() -> deleteFrames(files)))
        .onSuccess(n -> {
          counts.put("frames", n);
          LOG.info("Erasure: {} erased what was held about {}: {}", s.by(), s.hash(), counts.encode());
          vertx.eventBus().publish(Addresses.PRIVACY_ERASED, new JsonObject().put("plate", s.plate()));
          m.reply(counts.copy().put("plate", s.plate()).put("pseudonym", s.hash()));
        })
        .onFailure(e -> m.fail(503, e.getMessage()));
  }
}
