package io.lanekeeper.web;

import io.lanekeeper.config.LaneConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;

/**
 * Visitor passes and reservations ({@code reserved}: the pass holds a place, so it enters a full lot), and lots
 * with their capacity and count, which staff correct when it drifts. The matcher hears of every change from the
 * tables' NOTIFY triggers.
 */
final class PassesApi {

  private static final int MAX_NOTE = 500;
  private final Database db;

  PassesApi(Database db) {
    this.db = db;
  }

  void mount(ApiRoutes api) {
    api.get("/api/passes", Role.VIEWER, this::list);
    api.postJson("/api/passes", Role.OPERATOR, this::create);
    api.delete("/api/passes/:id", Role.OPERATOR, this::remove);
    api.get("/api/lots", Role.VIEWER, this::lots);
    api.putJson("/api/lots/:id/occupancy", Role.OPERATOR, this::setOccupancy);
    api.postJson("/api/lots", Role.ADMIN, this::createLot);
    api.putJson("/api/lots/:id", Role.ADMIN, this::updateLot);
  }

  private void list(RoutingContext ctx) {
    boolean personal = PlatesApi.seesPersonalData(ctx);
    Replies.send(ctx, db.query(WebQueries.PASSES, Tuple.of(Params.integer(ctx, "limit", 100, 1, 1000))).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(r -> {
        JsonObject p = pass(r);
        if (!personal) {
          p.remove("note");
        }
        items.add(p);
      });
      return new JsonObject().put("passes", items);
    }));
  }

  private void create(RoutingContext ctx) {
    JsonObject j = Params.jsonBody(ctx);
    String plate = PlateFields.normalise("plate", j.getValue("plate") instanceof String s ? s : null);
    OffsetDateTime from = time(j, "validFrom");
    OffsetDateTime to = time(j, "validTo");
    if (!to.isAfter(from)) {
      throw ApiError.invalid("validTo", "must be after validFrom");
    }
    Object lot = j.getValue("lot");
    if (lot != null && !(lot instanceof String l && l.matches(LaneConfig.ID_PATTERN))) {
      throw ApiError.invalid("lot", "must be a lot id (lower-case letters, digits and dashes)");
    }
    Object note = j.getValue("note");
    if (note != null && !(note instanceof String n && n.length() <= MAX_NOTE)) {
      throw ApiError.invalid("note", "must be text of at most " + MAX_NOTE + " characters");
    }
    Object reserved = j.getValue("reserved");
    if (reserved != null && !(reserved instanceof Boolean)) {
      throw ApiError.invalid("reserved", "must be true or false");
    }
    db.change(Auth.who(ctx).name(), WebQueries.INSERT_PASS,
            Tuple.of(plate, lot, from, to, Boolean.TRUE.equals(reserved), note))
        .onSuccess(rows -> Replies.json(ctx, 201, pass(rows.iterator().next())))
        .onFailure(ctx::fail);
  }

  private void remove(RoutingContext ctx) {
    long id = Params.id(ctx);
    db.change(Auth.who(ctx).name(), WebQueries.DELETE_PASS, Tuple.of(id)).onSuccess(rows -> {
      if (rows.size() == 0) {
        ctx.fail(ApiError.notFound("no pass with id " + id));
      } else {
        ctx.response().setStatusCode(204).end();
      }
    }).onFailure(ctx::fail);
  }

  private void lots(RoutingContext ctx) {
    Replies.send(ctx, db.query(WebQueries.LOTS, Tuple.tuple()).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(r -> items.add(lot(r)));
      return new JsonObject().put("lots", items);
    }));
  }

  /** {@code {"occupancy": n}}: how many vehicles staff counted inside. */
  private void setOccupancy(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject j = Params.jsonBody(ctx);
    if (!(j.getValue("occupancy") instanceof Integer n) || n < 0 || n > 1_000_000) {
      throw ApiError.invalid("occupancy", "must be a whole number from 0");
    }
    String who = Auth.who(ctx).name();
    Replies.send(ctx, db.change(who, WebQueries.SET_OCCUPANCY, Tuple.of(id, n, who)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.notFound("no lot " + id);
      }
      return lot(rows.iterator().next());
    }));
  }

  /** {@code {"id", "name", "capacity"}}: a car park; capacity null for no limit. */
  private void createLot(RoutingContext ctx) {
    JsonObject j = Params.jsonBody(ctx);
    Object id = j.getValue("id");
    if (!(id instanceof String s && s.matches(LaneConfig.ID_PATTERN))) {
      throw ApiError.invalid("id", "must be a lot id (lower-case letters, digits and dashes)");
    }
    db.change(Auth.who(ctx).name(), WebQueries.INSERT_LOT, Tuple.of(id, lotName(j), capacity(j)))
        .onSuccess(rows -> Replies.json(ctx, 201, lot(rows.iterator().next())))
        .onFailure(ctx::fail);
  }

  private void updateLot(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    JsonObject j = Params.jsonBody(ctx);
    Replies.send(ctx, db.change(Auth.who(ctx).name(), WebQueries.UPDATE_LOT, Tuple.of(id, lotName(j), capacity(j)))
        .map(rows -> {
          if (rows.size() == 0) {
            throw ApiError.notFound("no lot " + id);
          }
          return lot(rows.iterator().next());
        }));
  }

  private static String lotName(JsonObject j) {
    if (!(j.getValue("name") instanceof String n) || n.isBlank() || n.length() > 100) {
      throw ApiError.invalid("name", "is required, at most 100 characters");
    }
    return n.strip();
  }

  private static Integer capacity(JsonObject j) {
    Object c = j.getValue("capacity");
    if (c == null) {
      return null;
    }
    if (!(c instanceof Integer n) || n < 0 || n > 1_000_000) {
      throw ApiError.invalid("capacity", "must be a whole number from 0, or null for no limit");
    }
    return n;
  }

  private static OffsetDateTime time(JsonObject j, String field) {
    OffsetDateTime t = PlateInput.time(j, field);
    if (t == null) {
      throw ApiError.invalid(field, "is required: an ISO-8601 time with an offset, e.g. 2026-01-31T18:00:00Z");
    }
    return t;
  }

  private static JsonObject pass(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("plate", r.getString("plate"))
        .put("lot", r.getString("lot_id")).put("validFrom", PlatesApi.instant(r.getOffsetDateTime("valid_from")))
        .put("validTo", PlatesApi.instant(r.getOffsetDateTime("valid_to"))).put("reserved", r.getBoolean("reserved"))
        .put("note", r.getString("note"));
  }

  private static JsonObject lot(Row r) {
    return new JsonObject().put("id", r.getString("id")).put("name", r.getString("name"))
        .put("capacity", r.getInteger("capacity")).put("occupancy", r.getInteger("occupancy"))
        .put("occupancySetAt", PlatesApi.instant(r.getOffsetDateTime("occupancy_set_at")));
  }
}
