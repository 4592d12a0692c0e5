package io.lanekeeper.matcher;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Alert;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.LotOccupancy;
import io.lanekeeper.bus.MatcherStatus;
import io.lanekeeper.bus.RegistryChange;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.SharedSql;
import io.lanekeeper.plates.PlateText;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides on each vehicle from an in-memory index of the registered plates and passes. The index is loaded from
 * PostgreSQL when the {@code LISTEN} on {@link MatcherSql#CHANNEL} is in place (at start and after every
 * reconnection, so nothing changed meanwhile is missed) and kept current by the notifications the tables' triggers
 * send; it is written to a local snapshot, from which the matcher starts and keeps deciding while the database is
 * unreachable. Lot movements (entries, exits) count at once and reach the database in order when it is there.
 *
 * <p>Config: {@link MatcherConfig}, given at construction.
 */
public class MatcherVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MatcherVerticle.class);
  private static final int RECENT_VEHICLES = 10_000;

  private final Map<String, LaneConfig> lanes = new HashMap<>();
  private final Map<UUID, Boolean> recent = new LinkedHashMap<>(256, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> e) {
      return size() > RECENT_VEHICLES;
    }
  };
  private Pool pool;
  private PgSubscriber subscriber;
  private PgConnectOptions connectOptions;
  private long retryMs;
  private final MatcherConfig cfg;
  private Path snapshotFile;
  private ZoneId zone;
  private MatcherState state;
  private String source = "none";
  private List<JsonObject> buffered;
  private boolean reloadAgain;
  private boolean flushing;
  private boolean snapshotDue;
  private boolean snapshotWriting;
  /** The unreadable rows staff have been told of. */
  private final java.util.Set<String> alerted = new java.util.HashSet<>();
  /** The decisions since the last summary in the log. */
  private final DecisionTally tally = new DecisionTally();
  /** A person's corrections waiting for their database write, so the answer can say whether it is written. */
  private final Map<MatcherState.Move, io.vertx.core.Promise<Boolean>> awaitingWrite = new HashMap<>();
  /** The refused vehicles an operator may still open for. */
  private final Refusals refusals = new Refusals();
  private long summaryTimer = -1;

  /** This device's name in its site, or null (on its own). */
  private String node;

  public MatcherVerticle(MatcherConfig cfg) {
    this.cfg = cfg;
  }

  /** This device's name in its site: a dashboard of another device may then open for a vehicle refused here. */
  public MatcherVerticle node(String name) {
    this.node = name;
    return this;
  }

  @Override
  public Future<?> start() {
    cfg.lanes().forEach(l -> lanes.put(l.id(), l));
    retryMs = cfg.retryMs();
    summaryTimer = vertx.setPeriodic(SUMMARY_MS, t -> logSummary());
    zone = cfg.zone();
    snapshotFile = cfg.snapshot();
    DbTarget db = cfg.db();
    pool = db.pool(vertx, cfg.poolSize());
    connectOptions = db.connectOptions();
    vertx.eventBus().<JsonObject>localConsumer(Addresses.VEHICLE_READ,
        msg -> onVehicle(VehicleRead.fromJson(msg.body())));
    vertx.eventBus().<JsonObject>localConsumer(Addresses.MATCHER_STATUS, msg -> msg.reply(status()));
    vertx.eventBus().<JsonObject>localConsumer(Addresses.MATCHER_OVERRIDE, this::onOverride);
    if (node != null) {
      // site-wide: a dashboard of another device opens for a vehicle this device refused (its lanes only: checked)
      vertx.eventBus().<JsonObject>consumer(Addresses.matcherOverride(node), this::onOverride);
    }
    vertx.eventBus().<JsonObject>localConsumer(Addresses.MATCHER_GONE, this::onGone);
    // a person's records erased: this device's memory of the plate inside a lot goes too (the database's already has)
    vertx.eventBus().<JsonObject>localConsumer(Addresses.PRIVACY_ERASED, m -> {
      String plate = m.body().getString("plate");
      if (state != null && plate != null) {
        state.lots.all().values().forEach(l -> l.inside.remove(plate));
        saveSnapshot();
      }
    });
    // a first start: the registry's tables exist once the store has migrated them; no need to wait for the retry
    vertx.eventBus().<JsonObject>localConsumer(Addresses.SCHEMA_READY, msg -> {
      if (!"database".equals(source)) {
        reload("schema ready");
      }
    });
    // an admin changed a lane: its rules (distance, direction, lot, anti-passback, exit rule) count from the next car
    vertx.eventBus().<JsonObject>localConsumer(Addresses.lanesChanged("matcher"), msg -> {
      LaneConfig l = LaneConfig.from(msg.body(), "lane.");
      lanes.put(l.id(), l);
      LOG.info("Matcher: lane {} now {}", l.id(), msg.body().copy().put("camera", "...").put("gate", "...").encode());
      msg.reply(new JsonObject());
    });
    return loadSnapshot().compose(v -> {
      connect();
      return Future.succeededFuture();
    });
  }

  private JsonObject status() {
    return new MatcherStatus(source, state == null ? 0 : state.registry.size(),
        state == null ? 0 : state.pending.size(), buffered != null, state == null ? 0 : state.unreadable.size())
        .toJson();
  }

  /**
   * Rows the matcher could not read whole: logged and raised for staff once each, not again at every reload; a row
   * that was fixed and breaks again is raised again.
   */
  private void reportProblems() {
    for (String fixed : alerted.stream().filter(k -> !state.unreadable.contains(k)).toList()) {
      vertx.eventBus().publish(Addresses.ALERT, Alert.ok("matcher", fixed, "registry row " + fixed
          + " reads well again").toJson());
    }
    alerted.retainAll(state.unreadable);
    for (MatcherState.Problem p : state.takeProblems()) {
      if (!alerted.add(p.key())) {
        LOG.debug("Registry, still: {}", p.describe());
        continue;
      }
      LOG.error("Registry: {}", p.describe());
      vertx.eventBus().publish(Addresses.ALERT, new Alert("matcher", p.key(), p.denyKept() ? "warning" : "critical",
          p.describe(), Instant.now()).toJson());
    }
  }

  private Future<Void> loadSnapshot() {
    if (!Files.exists(snapshotFile)) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> MatcherState.build(Snapshot.read(snapshotFile), zone, List.of()))
        .onSuccess(s -> {
          if (state == null) {
            install(s, "snapshot");
          }
        })
        .onFailure(e -> LOG.warn("Matcher snapshot {} not used: {}", snapshotFile, e.getMessage()))
        .<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * Connects the LISTEN connection; once connected, the subscriber reconnects by itself (and LISTENs again, which
   * reloads). A subscriber whose first connection failed does not try again, so each attempt gets a new one.
   */
  private void connect() {
    PgSubscriber s = PgSubscriber.subscriber(vertx, connectOptions).reconnectPolicy(n -> retryMs);
    s.channel(MatcherSql.CHANNEL)
        .subscribeHandler(v -> reload("database (re)connected"))
        .handler(this::onNotification);
    subscriber = s;
    s.connect().onFailure(e -> {
      s.close();
      if (subscriber != s) {
        return;
      }
      LOG.warn("Registry notifications unavailable ({}); deciding from the {} and retrying in {} ms",
          e.getMessage(), source, retryMs);
      vertx.setTimer(retryMs, t -> {
        if (subscriber == s) {
          connect();
        }
      });
    });
  }

  /** Loads everything from the database; notifications arriving meanwhile are applied after it. */
  private void reload(String why) {
    if (buffered != null || flushing) {
      reloadAgain = true;
      return;
    }
    LOG.info("Loading registered plates from the database: {}", why);
    buffered = new ArrayList<>();
    List<String[]> raw = new ArrayList<>();
    List<JsonObject> lines = new ArrayList<>();
    List<MatcherState.Move> unflushed = state == null ? List.of() : List.copyOf(state.pending);
    rows(MatcherSql.LOAD_PLATES, "plate", raw)
        .compose(v -> rows(MatcherSql.LOAD_PASSES, "pass", raw))
        .compose(v -> rows(MatcherSql.LOAD_LOTS, "lot", raw))
        .compose(v -> pool.query(MatcherSql.LOAD_PRESENCE).execute().map(rs -> {
          for (Row r : rs) {
            lines.add(new JsonObject().put("t", "inside").put("lot", r.getString("lot_id"))
                .put("plate", r.getString("plate"))
                .put("at", r.getOffsetDateTime("entered_at").toInstant().toString()));
          }
          return null;
        }))
        .compose(v -> vertx.executeBlocking(() -> MatcherState.build(parsed(raw, lines), zone, unflushed)))
        .onSuccess(s -> {
          install(s, "database");
          flush();
        })
        .onFailure(e -> {
          if (String.valueOf(e.getMessage()).contains("does not exist")) {
            LOG.info("Registered plates: the database has no schema yet; loading once the store has made it");
          } else {
            LOG.warn("Cannot load registered plates ({}); deciding from the {}; retrying in {} ms", e.getMessage(),
                source, retryMs);
          }
          buffered = null;
          vertx.setTimer(retryMs, t -> reload("retry"));
        });
  }

  /** The rows' JSON text with its type; parsed off the event loop ({@link #parsed}), a million rows take seconds. */
  private Future<Void> rows(String sql, String type, List<String[]> into) {
    return pool.query(sql).execute().map(rs -> {
      for (Row r : rs) {
        into.add(new String[] {type, r.getString(0)});
      }
      return null;
    });
  }

  private static List<JsonObject> parsed(List<String[]> raw, List<JsonObject> more) {
    List<JsonObject> out = new ArrayList<>(raw.size() + more.size());
    for (String[] r : raw) {
      out.add(new JsonObject(r[1]).put("t", r[0]));
    }
    out.addAll(more);
    return out;
  }

  /** Hands a freshly built state over, with the notifications that came while it was built. */
  private void install(MatcherState s, String from) {
    List<JsonObject> later = buffered == null ? List.of() : buffered;
    buffered = null;
    if (state != null) {
      // movements decided while the new state was built
      state.pending.stream().filter(m -> !s.pending.contains(m)).forEach(s::move);
    }
    state = s;
    source = from;
    reportProblems();
    later.forEach(this::apply);
    LOG.info("Matcher holds {} registrations (from the {})", s.registry.size(), from);
    saveSnapshot();
    reloadIfAsked("changes during the last load");
  }

  /** Starts the reload that was asked for while a load or a write was under way; true when it did. */
  private boolean reloadIfAsked(String why) {
    if (!reloadAgain || buffered != null) {
      return false;
    }
    reloadAgain = false;
    reload(why);
    return true;
  }

  private void onNotification(String payload) {
    JsonObject change;
    try {
      change = new JsonObject(payload);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring an unreadable registry notification: {}", e.getMessage());
      return;
    }
    if (device().equals(change.getString("by"))) {
      return; // a lot movement this device wrote: it counted it when it decided
    }
    if (buffered != null || state == null) {
      if (buffered != null) {
        buffered.add(change);
      }
      return;
    }
    apply(change);
  }

  /** The name this device's lot movements are written under: its name in the site, or {@code local} on its own. */
  private String device() {
    return node == null ? "local" : node;
  }

  private void apply(JsonObject change) {
    try {
      if (!state.apply(change)) {
        if ("TRUNCATE".equals(change.getString("op"))) {
          reload("table truncated");
        } else {
          fetch(change);
        }
        return;
      }
    } catch (RuntimeException e) {
      LOG.warn("Ignoring registry change {}: {}", change.encode(), e.getMessage());
      return;
    } finally {
      reportProblems();
    }
    vertx.eventBus().publish(Addresses.MATCHER_CHANGED, new RegistryChange(change.getString("t"),
        change.getValue("id"), change.getString("op")).toJson());
    if (state.registry.needsCompaction()) {
      reload("compacting the index");
    }
    saveSnapshot();
  }

  /** A row too big for its notification: read it. */
  private void fetch(JsonObject change) {
    String sql = switch (change.getString("t", "")) {
      case "plate" -> MatcherSql.FETCH_PLATE;
      case "pass" -> MatcherSql.FETCH_PASS;
      default -> MatcherSql.FETCH_LOT;
    };
    pool.preparedQuery(sql).execute(Tuple.of(change.getValue("id"))).onSuccess(rs -> {
      JsonObject row = rs.size() == 0 ? null : new JsonObject(rs.iterator().next().getString(0));
      apply(change.copy().put("op", row == null ? "DELETE" : change.getString("op")).put("row", row));
    }).onFailure(e -> reload("fetch failed: " + e.getMessage()));
  }

  /** Writes the snapshot off the event loop, at most one write at a time, the last state always. */
  private void saveSnapshot() {
    if (snapshotWriting) {
      snapshotDue = true;
      return;
    }
    snapshotWriting = true;
    MatcherState.Captured captured = state.capture();
    vertx.executeBlocking(() -> Snapshot.write(snapshotFile, captured.lines()))
        .onFailure(e -> LOG.warn("Cannot write the matcher snapshot {}: {}", snapshotFile, e.getMessage()))
        .onComplete(ar -> {
          snapshotWriting = false;
          if (snapshotDue) {
            snapshotDue = false;
            vertx.setTimer(1000, t -> saveSnapshot());
          }
        });
  }

  private void onVehicle(VehicleRead v) {
    if (recent.put(v.vehicleId(), Boolean.TRUE) != null) {
      LOG.warn("Vehicle {} in lane {} was already decided; ignoring the repeat", v.vehicleId(), v.lane());
      return;
    }
    LaneConfig lane = lanes.get(v.lane());
    Instant now = Instant.now();
    AccessDecision d;
    Policy.Movement mv = null;
    String read = readable(v.plate());
    if (lane == null) {
      d = refusal(v, now, "unknown lane");
    } else if (read == null) {
      d = refusal(v, now, "unreadable");
    } else if (state == null) {
      d = refusal(v, now, "registered plates unavailable");
    } else {
      Policy.Outcome o = Policy.decide(state.registry, state.lots, lane, read, v.confidence(), v.charConfidences(),
          now);
      Registration m = o.match();
      d = new AccessDecision(v.vehicleId(), v.lane(), now, o.allowed(), o.reason(), m == null ? null : m.plate(),
          m == null || m.kind() == Registration.Kind.PASS ? null : m.id(), o.distance(), v);
      if (o.allowed() && o.movement() != null) {
        mv = o.movement();
        state.move(new MatcherState.Move(mv.lot(), mv.enter(), mv.plate(), now, v.lane(), v.vehicleId().toString(),
            null, null));
      }
    }
    // the barrier first: everything else can wait a millisecond, the driver at the barrier cannot
    if (d.allowed()) {
      openGate(d);
    } else {
      refusals.refused(v.vehicleId(), v.lane(), read, now,
          d.reason() != null && d.reason().startsWith(Policy.DENY_LISTED));
    }
    vertx.eventBus().publish(Addresses.ACCESS_DECISION, d.toJson());
    // a car is routine: its line is for debugging; the log holds a summary per lane and period, and a deny-listed
    // plate at the barrier, which staff may be looking for
    if (d.reason() != null && d.reason().startsWith(Policy.DENY_LISTED)) {
      LOG.warn("Lane {}: deny-listed plate {} refused ({}, {} reads)", d.lane(), v.plate(), d.reason(), v.nReads());
    } else {
      LOG.debug("Lane {}: {} {} ({}, {} reads)", d.lane(), v.plate(), d.allowed() ? "ALLOWED" : "refused",
          d.reason(), v.nReads());
    }
    tally.add(d.lane(), d.allowed(), d.reason());
    if (mv != null) {
      moved(mv.lot());
    }
  }

  /** A lot's count changed on this device: announced, written to the database and the snapshot. */
  private void moved(String lotId) {
    Lots.Lot lot = state.lots.lot(lotId);
    vertx.eventBus().publish(Addresses.LOT_OCCUPANCY, new LotOccupancy(lot.id, lot.occupancy, lot.capacity).toJson());
    flush();
    saveSnapshot();
  }

  /**
   * A person opens the barrier for a vehicle this matcher refused: the gate opens on their name and reason with
   * the vehicle named (its audit row links the two), and the vehicle counts into or out of the lane's lot as an
   * automatic open would have counted it. A vehicle not remembered, of another lane, or being opened for already
   * is refused before the barrier moves.
   */
  private void onOverride(Message<JsonObject> msg) {
    JsonObject b = msg.body();
    UUID vehicle;
    GateCommand cmd;
    try {
      vehicle = UUID.fromString(String.valueOf(b.getString("vehicle")));
      cmd = GateCommand.fromJson(new GateCommand(b.getString("lane"), "open", null, Instant.now(), b.getString("by"),
          b.getString("why"), vehicle.toString()).toJson());
    } catch (RuntimeException e) {
      msg.fail(400, e.getMessage());
      return;
    }
    Refusals.Check found = refusals.check(vehicle, cmd.lane(), Instant.now());
    if (found instanceof Refusals.Problem p) {
      msg.fail(p.code(), p.message());
      return;
    }
    Refusals.Refused r = (Refusals.Refused) found;
    refusals.opening(vehicle);
    // this device's barrier only: the matcher decides for its own lanes
    vertx.eventBus().<JsonObject>request(Addresses.gateCommand(cmd.lane()), cmd.toJson(),
        new DeliveryOptions().setSendTimeout(2000).setLocalOnly(true)).onComplete(ar -> {
          if (ar.failed()) {
            refusals.failed(vehicle);
            if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
              msg.fail(re.failureCode(), re.getMessage());
            } else {
              msg.fail(503, "the gate of lane " + cmd.lane() + " does not answer");
            }
            return;
          }
          refusals.opened(vehicle);
          String counted = countOverride(r);
          LOG.info("Lane {}: {} opened for refused vehicle {} ({}): {}{}", r.lane(), cmd.by(), vehicle,
              r.plate() == null ? "unreadable" : r.plate(), cmd.why(), counted == null ? "" : "; " + counted);
          msg.reply(new JsonObject().put("gate", ar.result().body()).put("counted", counted));
        });
  }

  /**
   * A person says a vehicle counted inside a lot is gone (it left unseen, by another way, or the read was wrong):
   * it leaves the lot's count and presence now, so anti-passback lets it in again and an exit for entered vehicles
   * no longer matches it; the database gets the movement with an audit entry on the person's name.
   */
  private void onGone(Message<JsonObject> msg) {
    JsonObject b = msg.body();
    String lotId = b.getString("lot");
    String by = b.getString("by");
    String why = b.getString("why");
    String plate = readable(b.getString("plate"));
    if (plate == null || by == null || by.isBlank() || why == null || why.isBlank()
        || why.length() > GateCommand.MAX_TEXT || !GateCommand.printable(why) || !GateCommand.printable(by)) {
      msg.fail(400, "a plate, who and why (one line, at most " + GateCommand.MAX_TEXT + " characters) are needed");
      return;
    }
    Lots.Lot lot = state == null ? null : state.lots.all().get(lotId);
    if (lot == null || !lot.inside.containsKey(plate)) {
      msg.fail(404, plate + " is not counted inside lot " + lotId);
      return;
    }
    MatcherState.Move m = new MatcherState.Move(lotId, false, plate, Instant.now(), null, null, by, why.strip());
    io.vertx.core.Promise<Boolean> written = io.vertx.core.Promise.promise();
    awaitingWrite.put(m, written);
    long timer = vertx.setTimer(WRITE_WAIT_MS, t -> written.tryComplete(false));
    state.move(m);
    moved(lotId);
    LOG.info("Lot {}: {} marked {} gone: {}", lotId, by, plate, why);
    int occupancy = lot.occupancy;
    // the page lists who is inside from the database: answer once it is written there, or say it will be
    written.future().onComplete(ar -> {
      vertx.cancelTimer(timer);
      awaitingWrite.remove(m);
      msg.reply(new JsonObject().put("lot", lotId).put("plate", plate).put("occupancy", occupancy)
          .put("written", ar.result()));
    });
  }

  /** How long a person's correction waits for its database write before the answer says it is pending. */
  private static final long WRITE_WAIT_MS = 2000;

  /**
   * The lot movement of a vehicle let through by hand, as {@link Policy} makes it for an automatic open; words for
   * the operator, or null when the lane counts nothing. A plate already inside is not counted twice; an unreadable
   * one counts without a name.
   */
  private String countOverride(Refusals.Refused r) {
    LaneConfig lane = lanes.get(r.lane());
    if (lane == null || lane.lot() == null || state == null) {
      return null;
    }
    Lots.Lot lot = state.lots.lot(lane.lot());
    if (lane.entry() && r.plate() != null && lot.inside.containsKey(r.plate())) {
      return r.plate() + " was counted inside " + lane.lot() + " already";
    }
    state.move(new MatcherState.Move(lane.lot(), lane.entry(), r.plate(), Instant.now(), r.lane(),
        r.vehicle().toString(), null, null));
    moved(lane.lot());
    return (lane.entry() ? "counted into " : "counted out of ") + lane.lot();
  }

  /** Camera text is untrusted: normalised, or null when it cannot be a plate. */
  private static String readable(String plate) {
    try {
      return PlateText.normalize(plate);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static AccessDecision refusal(VehicleRead v, Instant now, String reason) {
    return new AccessDecision(v.vehicleId(), v.lane(), now, false, reason, null, null, -1, v);
  }

  /** Writes the oldest pending lot movement, then the next, in order; stops at the first failure and retries. */
  private void flush() {
    if (flushing || buffered != null || state == null || state.pending.isEmpty()) {
      return;
    }
    flushing = true;
    MatcherState current = state;
    MatcherState.Move m = current.pending.peekFirst();
    pool.withTransaction(c -> c.preparedQuery(MatcherSql.AS_DEVICE).execute(Tuple.of(device()))
            .compose(v -> c.preparedQuery(SharedSql.ENSURE_LOT).execute(Tuple.of(m.lot())))
            .compose(v -> c.preparedQuery(MatcherSql.MOVE_COUNT).execute(Tuple.of(m.lot(), m.enter() ? 1 : -1)))
            // a person's correction is audited with the row as it was, before it goes
            .compose(v -> m.by() == null ? Future.<Void>succeededFuture()
                : c.preparedQuery(MatcherSql.AUDIT_GONE).execute(Tuple.of(m.lot(), m.plate(), m.by(), m.why(),
                    m.at().atOffset(ZoneOffset.UTC))).<Void>mapEmpty())
            // a vehicle let in by hand whose plate was not read counts without a name
            .compose(v -> m.plate() == null ? Future.<Void>succeededFuture()
                : (m.enter() ? c.preparedQuery(MatcherSql.ENTER).execute(Tuple.of(m.lot(), m.plate(),
                    m.at().atOffset(ZoneOffset.UTC), m.lane(),
                    m.vehicle() == null ? null : UUID.fromString(m.vehicle())))
                : c.preparedQuery(MatcherSql.EXIT).execute(Tuple.of(m.lot(), m.plate()))).<Void>mapEmpty()))
        .onComplete(ar -> {
          flushing = false;
          if (ar.succeeded()) {
            current.pending.remove(m);
            io.vertx.core.Promise<Boolean> waiting = awaitingWrite.get(m);
            if (waiting != null) {
              waiting.tryComplete(true);
            }
            if (state != current) {
              state.pending.remove(m);
            }
            if (!reloadIfAsked("after writing lot movements")) {
              flush();
            }
          } else {
            LOG.warn("Cannot write the lot movement of {} ({}); {} pending, retrying in {} ms", m.plate(),
                ar.cause().getMessage(), current.pending.size(), retryMs);
            vertx.setTimer(retryMs, t -> flush());
            reloadIfAsked("after a failed write");
          }
        });
  }

  private void openGate(AccessDecision d) {
    GateCommand cmd = new GateCommand(d.lane(), "open", d.eventId().toString(), d.decidedAt(), "auto", d.reason());
    vertx.eventBus().request(Addresses.gateCommand(d.lane()), cmd.toJson(),
            new DeliveryOptions().setSendTimeout(2000).setLocalOnly(true))
        .onFailure(e -> LOG.warn("Gate of lane {} did not open for decision {}: {}", d.lane(), d.eventId(),
            e.getMessage()));
  }

  /** How often the decisions of each lane are summed up in the log. */
  static final long SUMMARY_MS = 15 * 60_000;

  private void logSummary() {
    tally.drain().forEach(LOG::info);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(summaryTimer);
    logSummary();
    PgSubscriber s = subscriber;
    subscriber = null;
    return (s == null ? Future.succeededFuture() : s.close()).eventually(() -> pool.close());
  }
}
