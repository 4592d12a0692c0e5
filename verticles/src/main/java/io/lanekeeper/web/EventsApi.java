package io.lanekeeper.web;

import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The history of decisions: one event per vehicle, with its reads, reason, crop and gate actions. */
final class EventsApi {

  private final Database db;

  EventsApi(Database db) {
    this.db = db;
  }

  void mount(ApiRoutes api) {
    api.get("/api/events", Role.VIEWER, this::list);
    api.get("/api/events/:id", Role.VIEWER, this::get);
    api.get("/api/events/:id/crop.jpg", Role.VIEWER, this::crop);
  }

  private void list(RoutingContext ctx) {
    String lane = Params.text(ctx, "lane", 40);
    if (lane != null && !lane.matches(LaneConfig.ID_PATTERN)) {
      throw ApiError.invalid("lane", "must be a lane id (lower-case letters, digits and dashes)");
    }
    String plate = Params.text(ctx, "plate", 64);
    String fragment = PlateText.fragment(plate);
    if (plate != null && fragment == null) {
      throw ApiError.invalid("plate", "may contain only letters A-Z and digits 0-9");
    }
    String decision = Params.text(ctx, "decision", 8);
    if (decision != null && !decision.equals("allow") && !decision.equals("deny")) {
      throw ApiError.invalid("decision", "must be 'allow' or 'deny'");
    }
    OffsetDateTime from = Params.time(ctx, "from");
    OffsetDateTime to = Params.time(ctx, "to");
    int limit = Params.integer(ctx, "limit", 50, 1, 500);
    Replies.send(ctx, query(lane, fragment, decision, from, to,
        limit).map(events -> new JsonObject().put("events", events)));
  }

  /** The latest events, newest first; for the WebSocket snapshot. */
  Future<JsonArray> recent(int n) {
    return query(null, null, null, null, null, n);
  }

  private Future<JsonArray> query(String lane, String plate, String decision, OffsetDateTime from,
                                  OffsetDateTime to, int limit) {
    return db.query(WebQueries.EVENTS, Tuple.of(lane, plate, decision, from, to, limit)).map(EventsApi::events);
  }

  private void get(RoutingContext ctx) {
    UUID id = Params.uuid(ctx);
    Replies.send(ctx, db.query(WebQueries.EVENT, Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) {
        throw ApiError.notFound("no event " + id);
      }
      return event(rows.iterator().next());
    }));
  }

  private void crop(RoutingContext ctx) {
    UUID id = Params.uuid(ctx);
    db.query(WebQueries.EVENT_CROP, Tuple.of(id)).onSuccess(rows -> {
      Buffer jpeg = rows.size() == 0 ? null : rows.iterator().next().getBuffer("crop");
      if (jpeg == null) {
        ctx.fail(ApiError.notFound("no crop for event " + id));
        return;
      }
      // An event's crop never changes: let the browser keep it.
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "image/jpeg")
          .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=86400, immutable")
          .end(jpeg);
    }).onFailure(ctx::fail);
  }

  private static JsonArray events(RowSet<Row> rows) {
    JsonArray out = new JsonArray();
    rows.forEach(r -> out.add(event(r)));
    return out;
  }

  static JsonObject event(Row r) {
    String id = r.getUUID("id").toString();
    String decision = r.getString("decision");
    return new JsonObject()
        .put("id", id)
        .put("lane", r.getString("lane_id"))
        .put("capturedAt", PlatesApi.instant(r.getOffsetDateTime("captured_at")))
        .put("decidedAt", PlatesApi.instant(r.getOffsetDateTime("decided_at")))
        .put("plate", r.getString("plate_read"))
        .put("confidence", r.getFloat("confidence"))
        .put("charConfidences", floats(r.getArrayOfFloats("char_confidences")))
        .put("nReads", r.getInteger("n_reads"))
        .put("decision", decision)
        .put("allowed", "allow".equals(decision))
        .put("reason", r.getString("reason"))
        .put("matchedPlateId", r.getLong("matched_plate_id"))
        .put("matchedPlate", r.getString("matched_plate"))
        .put("distance", r.getDouble("distance"))
        .put("box", ints(r.getArrayOfIntegers("box")))
        .put("cropUrl", r.getBoolean("has_crop") ? "/api/events/" + id + "/crop.jpg" : null)
        .put("gateActions", gateActions(r.getJsonArray("gate_actions")));
  }

  private static JsonArray gateActions(JsonArray raw) {
    JsonArray out = new JsonArray();
    if (raw != null) {
      // PostgreSQL writes timestamps in JSON with an offset; the API speaks UTC instants everywhere.
      raw.stream().map(JsonObject.class::cast).forEach(a -> out.add(a.copy()
          .put("at", OffsetDateTime.parse(a.getString("at")).toInstant().toString())));
    }
    return out;
  }

  private static JsonArray floats(Float[] a) {
    JsonArray out = new JsonArray();
    if (a != null) {
      for (Float f : a) {
        out.add(f);
      }
    }
    return out;
  }

  private static JsonArray ints(Integer[] a) {
    if (a == null) {
      return null;
    }
    JsonArray out = new JsonArray();
    for (Integer i : a) {
      out.add(i);
    }
    return out;
  }
}
