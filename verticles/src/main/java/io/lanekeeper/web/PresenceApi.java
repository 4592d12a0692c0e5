package io.lanekeeper.web;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Who is inside each lot: {@code GET /api/lots/{lot}/inside} lists the plates counted in (since when, through which
 * lane, on which decision), newest first, a page at a time; {@code POST /api/lots/{lot}/inside/{plate}/gone} with
 * {@code {"why": ...}} lets an operator say one is gone (an anti-passback reset for that vehicle). The gate
 * device's matcher owns the count and applies the change; the database gets it with an audit entry.
 */
final class PresenceApi {

  private static final long MATCHER_TIMEOUT_MS = 3000;

  private final Vertx vertx;
  private final Database db;

  PresenceApi(Vertx vertx, Database db) {
    this.vertx = vertx;
    this.db = db;
  }

  void mount(ApiRoutes api) {
    api.get("/api/lots/:id/inside", Role.VIEWER, this::list);
    api.postJson("/api/lots/:id/inside/:plate/gone", Role.OPERATOR, this::gone);
  }

  private static String lot(RoutingContext ctx) {
    String lot = ctx.pathParam("id");
    if (lot == null || !lot.matches(LaneConfig.ID_PATTERN)) {
      throw ApiError.notFound("no lot '" + lot + "'");
    }
    return lot;
  }

  private void list(RoutingContext ctx) {
    String lot = lot(ctx);
    String q = Params.text(ctx, "plate", 64);
    String fragment = PlateFields.fragment(q);
    if (q != null && fragment == null) {
      throw ApiError.invalid("plate", "may contain only letters A-Z and digits 0-9");
    }
    int limit = Params.integer(ctx, "limit", 100, 1, 500);
    int offset = Params.integer(ctx, "offset", 0, 0, 1_000_000);
    Future<io.vertx.sqlclient.RowSet<Row>> known = db.query(WebQueries.LOT_EXISTS, Tuple.of(lot));
    Future<io.vertx.sqlclient.RowSet<Row>> rows = db.query(WebQueries.INSIDE, Tuple.of(lot, fragment, limit, offset));
    Replies.send(ctx, Future.all(known, rows).map(v -> {
      if (known.result().size() == 0) {
        throw ApiError.notFound("no lot '" + lot + "'");
      }
      JsonArray inside = new JsonArray();
      long total = 0;
      for (Row r : rows.result()) {
        total = r.getLong("total");
        UUID vehicle = r.getUUID("vehicle_id");
        inside.add(new JsonObject().put("plate", r.getString("plate"))
            .put("since", PlatesApi.instant(r.getOffsetDateTime("entered_at")))
            .put("lane", r.getString("lane_id")).put("laneName", r.getString("lane_name"))
            .put("vehicle", vehicle == null ? null : vehicle.toString())
            .put("cropUrl", vehicle != null && r.getBoolean("has_crop") ? "/api/events/" + vehicle + "/crop.jpg"
                : null));
      }
      if (inside.isEmpty() && offset > 0) {
        total = -1; // past the end: the count is not known from an empty page
      }
      return new JsonObject().put("lot", lot).put("total", total < 0 ? null : total).put("offset", offset)
          .put("inside", inside);
    }));
  }

  private void gone(RoutingContext ctx) {
    String lot = lot(ctx);
    String plate = PlateFields.normalise("plate", ctx.pathParam("plate"));
    String why = Params.reason(Params.jsonBody(ctx).getValue("why"));
    JsonObject ask = new JsonObject().put("lot", lot).put("plate", plate).put("by", Auth.who(ctx).name())
        .put("why", why);
    Replies.send(ctx, vertx.eventBus().<JsonObject>request(Addresses.MATCHER_GONE, ask,
            new DeliveryOptions().setSendTimeout(MATCHER_TIMEOUT_MS)).map(m -> m.body())
        .recover(t -> Future.failedFuture(
            t instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
                ? (r.failureCode() == 404 ? ApiError.notFound(r.getMessage()) : ApiError.invalid("why", r.getMessage()))
                : ApiError.unavailable("matcher_unavailable", "the matcher does not answer"))));
  }
}
