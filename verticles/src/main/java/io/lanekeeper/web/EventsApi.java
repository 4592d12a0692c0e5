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

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EventsApi.class);

  private static final int CSV_ROWS = 100_000;
  private static final int DAY = 24;

  private final Database db;
  /** Where the cameras keep decision frames ({@code <frames>/<lane>/<eventId>.jpg}); null when none are kept. */
  private final java.nio.file.Path frames;

  EventsApi(Database db, java.nio.file.Path frames) {
    this.db = db;
    this.frames = frames;
  }

  void mount(ApiRoutes api) {
    api.get("/api/events", Role.VIEWER, this::list);
    api.get("/api/events.csv", Role.VIEWER, this::csv);
    api.get("/api/stats/day", Role.VIEWER, this::day);
    api.get("/api/events/:id", Role.VIEWER, this::get);
    api.get("/api/events/:id/crop.jpg", Role.VIEWER, this::crop);
    api.get("/api/events/:id/frame", Role.VIEWER, this::frame);
  }

  /** The filters of the history, read and checked once for the list and the CSV export. */
  private record Filter(String lane, String plate, String decision, OffsetDateTime from, OffsetDateTime to) {

    static Filter of(RoutingContext ctx) {
      String lane = Params.text(ctx, "lane", 40);
      if (lane != null && !lane.matches(LaneConfig.ID_PATTERN)) {
        throw ApiError.invalid("lane", "must be a lane id (lower-case letters, digits and dashes)");
      }
      String plate = Params.text(ctx, "plate", 64);
      String fragment = PlateFields.fragment(plate);
      if (plate != null && fragment == null) {
        throw ApiError.invalid("plate", "may contain only letters A-Z and digits 0-9");
      }
      String decision = Params.text(ctx, "decision", 8);
      if (decision != null && !decision.equals("allow") && !decision.equals("deny") && !decision.equals("manual")) {
        throw ApiError.invalid("decision", "must be 'allow', 'deny' or 'manual' (opened by hand)");
      }
      OffsetDateTime from = Params.time(ctx, "from");
      OffsetDateTime to = Params.time(ctx, "to");
      if (from != null && to != null && !to.isAfter(from)) {
        throw ApiError.invalid("to", "must be after from");
      }
      return new Filter(lane, fragment, decision, from, to);
    }

    Tuple tuple(int limit, int offset) {
      return Tuple.of(lane, plate, decision, from, to, limit, offset);
    }

    Tuple filters() {
      return Tuple.of(lane, plate, decision, from, to);
    }
  }

  private void list(RoutingContext ctx) {
    Filter f = Filter.of(ctx);
    int limit = Params.integer(ctx, "limit", 50, 1, 500);
    int offset = Params.integer(ctx, "offset", 0, 0, WebQueries.COUNT_CAP);
    Future<RowSet<Row>> page = db.query(WebQueries.EVENTS, f.tuple(limit, offset));
    Future<RowSet<Row>> count = db.query(WebQueries.HISTORY_COUNT, f.filters());
    Replies.send(ctx, Future.all(page, count).map(v -> {
      long n = count.result().iterator().next().getLong("n");
      return new JsonObject().put("events", events(page.result())).put("offset", offset)
          .put("total", Math.min(n, WebQueries.COUNT_CAP)).put("more", n > WebQueries.COUNT_CAP);
    }));
  }

  /** {@code GET /api/events.csv}: the history as the filters select it, newest first, at most {@link #CSV_ROWS}. */
  private void csv(RoutingContext ctx) {
    Filter f = Filter.of(ctx);
    db.query(WebQueries.EVENTS_CSV, f.tuple(CSV_ROWS, 0)).onSuccess(rows -> {
      StringBuilder out = new StringBuilder(128 * (rows.size() + 1));
      out.append("id,kind,lane,lane_name,direction,captured_at,decided_at,plate_read,confidence,reads,decision,"
          + "reason,matched_plate,distance,by,result,vehicle\r\n");
      for (Row r : rows) {
        Csv.row(out, r.getUUID("id"), r.getString("kind"), r.getString("lane_id"), r.getString("lane_name"),
            r.getString("direction"), PlatesApi.instant(r.getOffsetDateTime("captured_at")),
            PlatesApi.instant(r.getOffsetDateTime("decided_at")), r.getString("plate_read"), r.getFloat("confidence"),
            r.getInteger("n_reads"), r.getString("decision"), r.getString("reason"), r.getString("matched_plate"),
            r.getDouble("distance"), r.getString("by_user"), r.getString("result"), r.getUUID("vehicle_id"));
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"lanekeeper-events.csv\"")
          .end(out.toString());
    }).onFailure(ctx::fail);
  }

  /**
   * {@code GET /api/stats/day?from=&lot=}: for the 24 hours from {@code from} (the start of the viewer's day),
   * allowed entries, allowed exits and refusals per hour, and the lot's occupancy at the end of each hour, walked
   * back from its count now through the movements since (staff corrections in between are not undone, so it is
   * the gate's own count).
   */
  private void day(RoutingContext ctx) {
    OffsetDateTime from = Params.time(ctx, "from");
    if (from == null) {
      throw ApiError.invalid("from", "is required: the start of the day, e.g. 2026-11-22T00:00:00+01:00");
    }
    String lot = Params.text(ctx, "lot", 40);
    Future<RowSet<Row>> hourly = db.query(WebQueries.HOURLY, Tuple.of(from, lot));
    Future<RowSet<Row>> lots = db.query(WebQueries.LOTS, Tuple.tuple());
    Replies.send(ctx, Future.all(hourly, lots).map(v -> {
      // hours 0-23 of the day, and at index 24 everything after it: what the occupancy walks back through. A
      // fixed 25 buckets whatever 'from' is, so no request sizes the arrays (a from of year 1 once asked for 17.7M)
      int now = (int) Math.min(DAY + 1L,
          Math.max(0, java.time.Duration.between(from.toInstant(), java.time.Instant.now()).toHours()));
      long[] entries = new long[DAY + 1];
      long[] exits = new long[DAY + 1];
      long[] refused = new long[DAY + 1];
      long[] manual = new long[DAY + 1];
      for (Row r : hourly.result()) {
        int h = r.getInteger("hour");
        if (h < 0 || h > DAY) {
          continue;
        }
        long n = r.getLong("n");
        if ("manual".equals(r.getString("decision"))) {
          // refused, then let through by hand: counted as refused, and moved as the lot counted it
          manual[h] += n;
        }
        if ("deny".equals(r.getString("decision"))) {
          refused[h] += n;
        } else if ("exit".equals(r.getString("direction"))) {
          exits[h] += n;
        } else {
          entries[h] += n;
        }
      }
      Integer current = null;
      for (Row r : lots.result()) {
        if (r.getString("id").equals(lot)) {
          current = r.getInteger("occupancy");
        }
      }
      JsonArray hours = new JsonArray();
      // occupancy at the end of hour h = now's count - the net movements after hour h
      long after = entries[DAY] - exits[DAY];
      long[] occupancy = new long[DAY];
      for (int h = DAY - 1; h >= 0; h--) {
        occupancy[h] = current == null ? -1 : current - after;
        after += entries[h] - exits[h];
      }
      for (int h = 0; h < DAY; h++) {
        hours.add(new JsonObject().put("hour", h).put("start", from.plusHours(h).toInstant().toString())
            .put("entries", entries[h]).put("exits", exits[h]).put("refused", refused[h]).put("manual", manual[h])
            .put("occupancy", current == null || h > now ? null : Math.max(0, occupancy[h])));
      }
      return new JsonObject().put("from", from.toInstant().toString()).put("lot", lot).put("hours", hours);
    }));
  }

  /** The latest events, newest first; for the WebSocket snapshot. */
  Future<JsonArray> recent(int n) {
    return db.query(WebQueries.EVENTS, Tuple.of(null, null, null, null, null, n, 0)).map(EventsApi::events);
  }

  /** The events since an instant, newest first, at most n; what a reconnecting dashboard missed. */
  Future<JsonArray> since(java.time.Instant since, int n) {
    return db.query(WebQueries.EVENTS, Tuple.of(null, null, null, since.atOffset(java.time.ZoneOffset.UTC), null, n,
            0))
        .map(EventsApi::events);
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

  /**
   * {@code GET /api/events/{id}/frame}: the whole frame the decision was made on, as the camera kept it (JPEG or PNG);
   * 404 when this controller keeps no frames, or the event's frame was never kept or has made room for newer ones.
   */
  private void frame(RoutingContext ctx) {
    UUID id = Params.uuid(ctx);
    if (frames == null) {
      throw ApiError.notFound("this controller keeps no frames");
    }
    db.query(WebQueries.EVENT_LANE, Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(ApiError.notFound("no event " + id));
      }
      String lane = rows.iterator().next().getString("lane_id");
      return ctx.vertx().executeBlocking(() -> io.lanekeeper.camera.FrameFiles.find(frames, lane, id));
    }).onSuccess(file -> {
      if (file == null) {
        ctx.fail(ApiError.notFound("the frame of event " + id + " is not kept (any more)"));
        return;
      }
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=86400, immutable")
          .sendFile(file.toString()).onFailure(e -> LOG.debug("frame {} not sent: {}", file, e.toString()));
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
    if (r.getColumnIndex("kind") >= 0 && "manual".equals(r.getString("kind"))) {
      return manual(r, id);
    }
    return new JsonObject()
        .put("id", id)
        .put("kind", "vehicle")
        .put("laneName", r.getColumnIndex("lane_name") >= 0 ? r.getString("lane_name") : null)
        .put("device", r.getColumnIndex("device") >= 0 ? r.getString("device") : null)
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
        .put("frameUrl", "/api/events/" + id + "/frame")
        .put("gateActions", gateActions(r.getJsonArray("gate_actions")));
  }

  /**
   * A manual open in the history: who, why, what came of it, and the vehicle it was for (its read and crop) when it
   * names one.
   */
  private static JsonObject manual(Row r, String id) {
    java.util.UUID vehicle = r.getUUID("vehicle_id");
    return new JsonObject()
        .put("id", id)
        .put("kind", "manual")
        .put("lane", r.getString("lane_id"))
        .put("laneName", r.getString("lane_name"))
        .put("device", r.getString("device"))
        .put("capturedAt", PlatesApi.instant(r.getOffsetDateTime("captured_at")))
        .put("decidedAt", PlatesApi.instant(r.getOffsetDateTime("decided_at")))
        .put("plate", r.getString("plate_read"))
        .put("decision", "manual")
        .put("allowed", "done".equals(r.getString("result")))
        .put("reason", r.getString("reason"))
        .put("by", r.getString("by_user"))
        .put("result", r.getString("result"))
        .put("vehicle", vehicle == null ? null : vehicle.toString())
        .put("matchedPlate", r.getString("matched_plate"))
        .put("cropUrl", vehicle != null && r.getBoolean("has_crop") ? "/api/events/" + vehicle + "/crop.jpg" : null)
        .put("frameUrl", vehicle == null ? null : "/api/events/" + vehicle + "/frame")
        .put("gateActions", new JsonArray());
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
