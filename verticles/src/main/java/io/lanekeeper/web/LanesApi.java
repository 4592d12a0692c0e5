package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.ConfigException;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.Redaction;
import io.lanekeeper.db.SharedSql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lanes as the {@code lanes} table holds them, with the live state of their gate and camera. The
 * running lanes fill in for a table that is unreachable or not seeded yet: the dashboard of a
 * gate device must show its lanes even while the database is away.
 *
 * <p>Admins read a lane's whole configuration ({@code GET /api/lanes/{id}/config}: it may hold a camera's password)
 * and change or add lanes ({@code PUT /api/lanes/{id}}, {@code POST /api/lanes}; the body is a lane as the
 * configuration file writes it). A change is checked on its own and beside the running lanes (GPIO lines, MQTT),
 * stored with who made it (audited; the file no longer overwrites that lane), then run by the controller at once:
 * the camera restarts, the matcher and the dashboard take the new rules, the gate its wiring now or, while its
 * barrier is not closed, when it closes ({@code "gate": "applied" | "pending" | "none"} in the answer).
 */
final class LanesApi {

  private static final Logger LOG = LoggerFactory.getLogger(LanesApi.class);
  /** How long the controller may take to check or to run a changed lane (a camera restart included). */
  private static final long CONTROLLER_TIMEOUT_MS = 15_000;

  private final Vertx vertx;
  private final Database db;
  private final LaneDirectory running;
  private final LiveState live;

  /** The site's devices (a lane of another device is changed there), and this device's name in the site or null. */
  private SiteDirectory site;
  private String device;

  LanesApi site(SiteDirectory directory, String siteDevice) {
    this.site = directory;
    this.device = siteDevice;
    return this;
  }

  LanesApi(Vertx vertx, Database db, LaneDirectory running, LiveState live) {
    this.vertx = vertx;
    this.db = db;
    this.running = running;
    this.live = live;
  }

  void mount(ApiRoutes api) {
    api.get("/api/lanes", Role.VIEWER, this::list);
    api.get("/api/lanes/:lane", Role.VIEWER, this::get);
    api.get("/api/lanes/:lane/config", Role.ADMIN, this::config);
    api.get("/api/camera-commands", Role.ADMIN, this::cameraCommands);
    api.putJson("/api/lanes/:lane", Role.ADMIN, ctx -> store(ctx, false));
    api.postJson("/api/lanes", Role.ADMIN, ctx -> store(ctx, true));
  }

  private void config(RoutingContext ctx) {
    String id = ctx.pathParam("lane");
    // secrets are write-only: the form shows them masked, and a masked value sent back keeps the stored one
    Replies.send(ctx, runningLane(id).map(l -> Redaction.json(l.toJson()).put("device", deviceOf(id))));
  }

  /** The device of the site that runs a lane this device does not, or null. */
  private String deviceOf(String id) {
    return site == null ? null : site.elsewhere(running, id);
  }

  /** A lane as it runs: here, or on the device of the site that runs it (asked over the site's event bus). */
  private Future<LaneConfig> runningLane(String id) {
    LaneConfig here = id == null ? null : running.get(id);
    String other = deviceOf(id);
    if (here != null || other == null) {
      return here != null ? Future.succeededFuture(here) : Future.failedFuture(ApiError.notFound("no lane '" + id
          + "'"));
    }
    return laneOn(other, id)
        .recover(e -> Future.failedFuture(ApiError.unavailable("controller_unavailable", "device " + other
            + ", which runs lane " + id + ", does not answer (" + e.getMessage() + ")")))
        .compose(l -> l != null ? Future.succeededFuture(l) : Future.failedFuture(ApiError.notFound("no lane '" + id
            + "'")));
  }

  /** A lane as another device of the site runs it, asked of that device; null when it does not run it. */
  private Future<LaneConfig> laneOn(String device, String id) {
    return vertx.eventBus().<JsonObject>request(Addresses.lanesOf(device, "config"), new JsonObject().put("id", id),
            new DeliveryOptions().setSendTimeout(CONTROLLER_TIMEOUT_MS))
        .map(m -> LaneConfig.from(m.body(), ""))
        .recover(e -> refused(e, 404) ? Future.succeededFuture(null) : Future.failedFuture(e));
  }

  /** Whether the controller asked answered with this failure code (not a timeout or no one there). */
  private static boolean refused(Throwable e, int code) {
    return e instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && re.failureCode() == code;
  }

  /** The controller that answers for a lane: this device's, or another device's by its name. */
  private static String controller(String other) {
    return "the controller " + (other == null ? "that runs the lanes" : "of device " + other);
  }

  /**
   * {@code GET /api/camera-commands[?device=]}: the names of the programs an {@code exec} camera may run, as the
   * device's configuration file lists them (this device's, or in a site the named device's, asked over the site's
   * event bus); the lane form offers these. Never the programs themselves.
   */
  private void cameraCommands(RoutingContext ctx) {
    String other = otherDevice(Params.text(ctx, "device", 64));
    String address = other == null ? Addresses.CAMERA_COMMANDS : Addresses.lanesOf(other, "camera-commands");
    Replies.send(ctx, vertx.eventBus().<JsonObject>request(address, new JsonObject(),
            new DeliveryOptions().setSendTimeout(CONTROLLER_TIMEOUT_MS))
        .map(m -> m.body())
        .recover(e -> Future.failedFuture(ApiError.unavailable("controller_unavailable",
            controller(other) + " does not answer (" + e.getMessage() + ")"))));
  }

  /**
   * A device of the site named in a request, when it is not this one: null for none or this device; refused (400,
   * field {@code device}) when this device is not in a site, or the site has no such device heard, or it is away.
   */
  private String otherDevice(String named) {
    if (named == null || named.isEmpty() || named.equals(device)) {
      return null;
    }
    if (site == null || device == null) {
      throw ApiError.invalid("device", "this device is not in a site: its lanes are its own");
    }
    if (!named.matches(io.lanekeeper.config.ClusterConfig.NODE_NAME)) {
      throw ApiError.invalid("device", "must be a device's name: letters, digits, '-' and '_', at most 64");
    }
    String problem = site.cannotTake(named);
    if (problem != null) {
      throw ApiError.invalid("device", problem);
    }
    return named;
  }

  /**
   * Checks, stores (audited) and runs a changed or new lane: on this device, or, for a lane another device of the
   * site runs, checked and run by that device's controller (its lane as it runs it is the one changed). A new lane
   * goes to the device its {@code device} names (in a site; this device when none), checked and run there.
   */
  private void store(RoutingContext ctx, boolean create) {
    JsonObject sent = Params.jsonBody(ctx);
    String id = create ? (sent.getValue("id") instanceof String s ? s : null) : ctx.pathParam("lane");
    String other = deviceOf(id);
    if (other != null && create) {
      throw new ApiError(409, "other_device", "id", "lane '" + id + "' runs on device " + other
          + "; change it with PUT /api/lanes/" + id);
    }
    if (create) {
      Object named = sent.getValue("device");
      if (named != null && !(named instanceof String)) {
        throw ApiError.invalid("device", "must be a device's name");
      }
      other = otherDevice((String) named);
    }
    String target = other;
    Future<LaneConfig> lookup = create || id == null ? Future.succeededFuture(running.get(id == null ? "" : id))
        : runningLane(id);
    if (create && other != null && id != null) {
      // the device is asked itself: a lane just added there may not be in its heartbeat yet, and the row's upsert
      // would take it over
      lookup = laneOn(target, id)
          .recover(e -> Future.failedFuture(controllerError(e, target)))
          .compose(l -> l == null ? Future.succeededFuture(null) : Future.failedFuture(new ApiError(409, "exists", "id",
              "lane '" + id + "' runs on device " + target + "; change it with PUT /api/lanes/" + id)));
    }
    lookup.onFailure(ctx::fail).onSuccess(before -> {
      try {
        store(ctx, create, sent, id, before, target);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }

  private void store(RoutingContext ctx, boolean create, JsonObject sent, String id, LaneConfig before,
                     String other) {
    // where a lane runs is the site's to say (lanes.device), not part of the lane's configuration
    sent.remove("device");
    if (!create && before == null) {
      throw ApiError.notFound("no lane '" + id + "'");
    }
    if (create && before != null) {
      throw new ApiError(409, "exists", "id", "lane '" + id + "' exists; change it with PUT /api/lanes/" + id);
    }
    if (!create) {
      passwordStaysWithItsCamera(sent, before.toJson());
    }
    JsonObject body = create ? sent : Redaction.restore(sent, before.toJson());
    if (!create) {
      if (body.getValue("id") != null && !id.equals(body.getValue("id"))) {
        throw ApiError.invalid("id", "a lane's id does not change (it names its events); add a new lane instead");
      }
      body.put("id", id);
    }
    String masked = Redaction.maskedAt(body);
    if (masked != null) {
      throw ApiError.invalid(masked, "holds a hidden secret (" + Redaction.MASK + ") that is not the stored one; "
          + "type the secret again");
    }
    LaneConfig lane;
    try {
      lane = LaneConfig.from(body, "");
    } catch (ConfigException e) {
      throw ApiError.invalid(e.key(), e.problem());
    }
    // stored and sent as given (validated): the controller fills in the site's gate timings, as for the file's lanes
    JsonObject json = body;
    String who = Auth.who(ctx).name();
    DeliveryOptions o = new DeliveryOptions().setSendTimeout(CONTROLLER_TIMEOUT_MS);
    String check = other == null ? Addresses.LANES_CHECK : Addresses.lanesOf(other, "check");
    String apply = other == null ? Addresses.LANES_APPLY : Addresses.lanesOf(other, "apply");
    Future<JsonObject> done = vertx.eventBus().<JsonObject>request(check, json, o)
        .recover(e -> Future.failedFuture(controllerError(e, other)))
        .compose(ok -> db.inTransaction(who, c -> lotOf(c, lane, before)
            .compose(v -> c.preparedQuery(WebQueries.STORE_LANE).execute(Tuple.from(SharedSql.laneRow(lane, json))
                .addValue(who).addString(other != null ? other : device)))
            .compose(rows -> rows.rowCount() > 0 ? Future.succeededFuture(rows)
                : Future.failedFuture(new ApiError(409, "other_device", "id", "lane '" + lane.id() + "' belongs "
                    + "to another device of the site; change it while that device runs")))))
        .compose(v -> vertx.eventBus().<JsonObject>request(apply, json, o)
            .recover(e -> Future.failedFuture(new ApiError(500, "not_applied", null, "lane " + lane.id()
                + " is stored but the controller could not run it (" + e.getMessage() + "); it runs at the next "
                + "start"))))
        .map(reply -> new JsonObject().put("lane", Redaction.json(json)).put("gate", reply.body().getString("gate")));
    done.onSuccess(r -> Replies.json(ctx, create ? 201 : 200, r)).onFailure(ctx::fail);
  }

  /**
   * A lane's lot must be one the site has (the Lots page adds them): a typo must not make a new lot with its own
   * count. A lot the lane already had (one the configuration file named) is made when missing, as at start.
   */
  private static Future<?> lotOf(io.vertx.sqlclient.SqlConnection c, LaneConfig lane, LaneConfig before) {
    if (lane.lot() == null) {
      return Future.succeededFuture();
    }
    if (before != null && lane.lot().equals(before.lot())) {
      return c.preparedQuery(SharedSql.ENSURE_LOT).execute(Tuple.of(lane.lot()));
    }
    return c.preparedQuery(WebQueries.LOT_EXISTS).execute(Tuple.of(lane.lot())).compose(rs -> rs.size() > 0
        ? Future.succeededFuture()
        : Future.failedFuture(ApiError.invalid("lot", "no lot '" + lane.lot() + "': add it on the Lots page first")));
  }

  /** A controller's refusal (400: the lane's key that is wrong) or its silence, named by its device when another. */
  private static Throwable controllerError(Throwable e, String other) {
    if (refused(e, 400)) {
      return ApiError.invalid("lane", e.getMessage());
    }
    return ApiError.unavailable("controller_unavailable", controller(other) + " does not answer (" + e.getMessage()
        + "); nothing was changed");
  }

  private void list(RoutingContext ctx) {
    Replies.send(ctx, lanes());
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("lane");
    Replies.send(ctx, lanes().map(all -> all.getJsonArray("lanes").stream()
        .map(JsonObject.class::cast)
        .filter(l -> l.getString("id").equals(id))
        .findFirst()
        .orElseThrow(() -> ApiError.notFound("no lane '" + id + "'"))));
  }

  /** {@code {"lanes": [...], "source": "database" | "configuration"}}; never fails. */
  Future<JsonObject> lanes() {
    return db.query(WebQueries.LANES, Tuple.tuple())
        .map(rows -> withLiveState(merge(rows), "database"))
        .otherwise(t -> {
          LOG.debug("Lanes from the configuration: the lanes table is unreachable ({})", t.getMessage());
          return withLiveState(fromConfig(), "configuration");
        });
  }

  private Map<String, JsonObject> merge(RowSet<Row> rows) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (Row r : rows) {
      out.put(r.getString("id"), new JsonObject()
          .put("id", r.getString("id"))
          .put("name", r.getString("name"))
          .put("direction", r.getString("direction"))
          .put("maxDistance", r.getDouble("max_distance"))
          .put("formats", new JsonArray(List.of(r.getArrayOfStrings("formats"))))
          .put("lot", r.getString("lot_id"))
          .put("enabled", r.getBoolean("enabled"))
          .put("device", r.getString("device")));
    }
    fromConfig().forEach(out::putIfAbsent);
    return out;
  }

  private Map<String, JsonObject> fromConfig() {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (LaneConfig l : running.all()) {
      out.put(l.id(), l.summaryJson());
    }
    return out;
  }

  private JsonObject withLiveState(Map<String, JsonObject> lanes, String source) {
    JsonArray arr = new JsonArray();
    lanes.values().forEach(l -> {
      LaneConfig running = this.running.get(l.getString("id"));
      arr.add(l.put("gate", live.gate(l.getString("id"))).put("camera", live.camera(l.getString("id")))
          .put("barrier", running == null || !"none".equals(running.gate().driver())));
    });
    return new JsonObject().put("lanes", arr).put("source", source);
  }

  /**
   * A stored camera password sent back masked is put back only for the camera it was given for: an admin who points
   * the lane at another host types it again, or the controller would hand the old camera's password to the new host.
   */
  static void passwordStaysWithItsCamera(JsonObject sent, JsonObject stored) {
    // the body is not checked yet: a camera that is no object is the lane check's to refuse
    if (!(sent.getValue("camera") instanceof JsonObject sc) || !(stored.getValue("camera") instanceof JsonObject st)
        || !Redaction.MASK.equals(sc.getValue("password")) || !(st.getValue("password") instanceof String)) {
      return;
    }
    if (!java.util.Objects.equals(authority(sc.getValue("url")), authority(st.getValue("url")))) {
      throw ApiError.invalid("camera.password", "the camera's address changed: type its password again (a stored "
          + "password goes only to the camera it was given for)");
    }
  }

  private static String authority(Object url) {
    if (!(url instanceof String u)) {
      return null;
    }
    try {
      java.net.URI uri = new java.net.URI(u);
      return (uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT)) + ":" + uri.getPort();
    } catch (java.net.URISyntaxException e) {
      return u;
    }
  }
}
