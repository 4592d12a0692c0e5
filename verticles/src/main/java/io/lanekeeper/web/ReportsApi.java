package io.lanekeeper.web;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reports over any range up to a year ({@code GET /api/reports?from=&to=&tz=&lot=}): entries, exits and refusals per
 * hour (ranges up to 2 days) or per day in the viewer's time zone, and per lane; refusals by reason; the busiest
 * hours of the day; the top refused plates; the lot's peak occupancy; in a site, per device (the device that runs
 * each lane now, as the history marks its rows). {@code GET /api/reports.csv} gives the same counts per period and
 * lane, with local times, lane names and devices. Every array has a size fixed by the range's bounds or the site's
 * lanes, never by the request.
 */
final class ReportsApi {

  static final Duration MAX_RANGE = Duration.ofDays(366);
  static final Duration HOURLY_UP_TO = Duration.ofDays(2);
  /** How far back the occupancy walk may start: a year of hours and the time since. */
  static final Duration MAX_WALK = Duration.ofDays(400);

  private final Database db;

  ReportsApi(Database db) {
    this.db = db;
  }

  void mount(ApiRoutes api) {
    api.get("/api/reports", Role.VIEWER, this::report);
    api.get("/api/reports.csv", Role.VIEWER, this::csv);
  }

  private record Range(OffsetDateTime from, OffsetDateTime to, ZoneId zone, String lot, String bucket) {

    static Range of(RoutingContext ctx) {
      OffsetDateTime from = Params.time(ctx, "from");
      OffsetDateTime to = Params.time(ctx, "to");
      if (from == null || to == null) {
        throw ApiError.invalid(from == null ? "from" : "to", "is required: the range's start and end");
      }
      if (!to.isAfter(from)) {
        throw ApiError.invalid("to", "must be after from");
      }
      Duration span = Duration.between(from, to);
      if (span.compareTo(MAX_RANGE) > 0) {
        throw ApiError.invalid("to", "a report covers at most 366 days");
      }
      String tz = Params.text(ctx, "tz", 64);
      ZoneId zone;
      try {
        zone = tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
      } catch (DateTimeException e) {
        throw ApiError.invalid("tz", "must be a time zone such as Europe/Zagreb");
      }
      String lot = Params.text(ctx, "lot", 40);
      if (lot != null && !lot.matches(io.lanekeeper.config.LaneConfig.ID_PATTERN)) {
        throw ApiError.invalid("lot", "must be a lot id");
      }
      return new Range(from, to, zone, lot, span.compareTo(HOURLY_UP_TO) <= 0 ? "hour" : "day");
    }

    Tuple tuple() {
      return Tuple.of(from, to, bucket, zone.getId(), lot);
    }

    /** The periods of the range, in local time: the report's rows, whether or not anything happened in them. */
    List<LocalDateTime> periods() {
      List<LocalDateTime> out = new ArrayList<>();
      LocalDateTime t = from.atZoneSameInstant(zone).toLocalDateTime();
      t = bucket.equals("hour") ? t.withMinute(0).withSecond(0).withNano(0) : t.toLocalDate().atStartOfDay();
      LocalDateTime end = to.atZoneSameInstant(zone).toLocalDateTime();
      while (t.isBefore(end) && out.size() < 400) {
        out.add(t);
        t = bucket.equals("hour") ? t.plusHours(1) : t.plusDays(1);
      }
      return out;
    }
  }

  private void report(RoutingContext ctx) {
    Range r = Range.of(ctx);
    Tuple args = r.tuple();
    Future<RowSet<Row>> periods = db.query(WebQueries.REPORT_PERIODS, args);
    Future<RowSet<Row>> reasons = db.query(WebQueries.REPORT_REASONS, args);
    Future<RowSet<Row>> hours = db.query(WebQueries.REPORT_HOURS, args);
    Future<RowSet<Row>> refused = db.query(WebQueries.REPORT_TOP_REFUSED, args);
    Future<RowSet<Row>> walk = r.lot() == null ? Future.succeededFuture(null) : db.query(WebQueries.REPORT_WALK,
        Tuple.of(r.from(), r.lot()));
    Future<RowSet<Row>> lots = db.query(WebQueries.LOTS, Tuple.tuple());
    Replies.send(ctx, Future.all(List.of(periods, reasons, hours, refused, walk, lots)).map(v -> {
      Map<LocalDateTime, long[]> byPeriod = new LinkedHashMap<>();
      r.periods().forEach(p -> byPeriod.put(p, new long[4]));
      Map<String, JsonObject> byLane = new LinkedHashMap<>();
      long[] totals = new long[4];
      for (Row row : periods.result()) {
        int k = kind(row.getString("direction"), row.getString("decision"));
        long n = row.getLong("n");
        long[] cell = byPeriod.get(row.getLocalDateTime("period"));
        if (cell != null) {
          cell[k] += n;
        }
        totals[k] += n;
        JsonObject lane = byLane.computeIfAbsent(row.getString("lane_id"), id -> new JsonObject().put("lane", id)
            .put("name", row.getString("lane_name")).put("device", row.getString("device")).put("entries", 0L)
            .put("exits", 0L).put("refused", 0L).put("manual", 0L));
        String key = KEYS[k];
        lane.put(key, lane.getLong(key) + n);
      }
      JsonArray series = new JsonArray();
      byPeriod.forEach((p, c) -> series.add(new JsonObject().put("start", p.atZone(r.zone()).toInstant().toString())
          .put("label", p.toString()).put("entries", c[0]).put("exits", c[1]).put("refused", c[2])
          .put("manual", c[3])));
      long[] perHour = new long[24];
      for (Row row : hours.result()) {
        int h = row.getInteger("hour");
        if (h >= 0 && h < 24) {
          perHour[h] += row.getLong("n");
        }
      }
      JsonArray busiest = new JsonArray();
      for (int h = 0; h < 24; h++) {
        busiest.add(new JsonObject().put("hour", h).put("movements", perHour[h]));
      }
      JsonArray why = new JsonArray();
      reasons.result().forEach(row -> why.add(new JsonObject().put("reason", row.getString("reason"))
          .put("n", row.getLong("n"))));
      JsonArray top = new JsonArray();
      refused.result().forEach(row -> top.add(new JsonObject().put("plate", row.getString("plate_read"))
          .put("n", row.getLong("n")).put("last", PlatesApi.instant(row.getOffsetDateTime("last")))));
      return new JsonObject().put("from", r.from().toInstant().toString()).put("to", r.to().toInstant().toString())
          .put("tz", r.zone().getId()).put("bucket", r.bucket()).put("lot", r.lot())
          .put("totals", new JsonObject().put("entries", totals[0]).put("exits", totals[1])
              .put("refused", totals[2]).put("manual", totals[3]))
          .put("series", series).put("lanes", new JsonArray(new ArrayList<>(byLane.values())))
          .put("devices", byDevice(byLane.values()))
          .put("refusalsByReason", why).put("busiestHours", busiest).put("topRefused", top)
          .put("peakOccupancy", r.lot() == null ? null : peak(r, walk.result(), lots.result()));
    }));
  }

  private static final String[] KEYS = {"entries", "exits", "refused", "manual"};

  /**
   * The lanes' counts summed per device of the site, by name, with how many of its lanes had movements in the range
   * ({@code lanes}); a device whose lanes had none is not listed; empty for a device on its own (no lane has one).
   */
  static JsonArray byDevice(Iterable<JsonObject> lanes) {
    Map<String, JsonObject> devices = new java.util.TreeMap<>();
    for (JsonObject lane : lanes) {
      String device = lane.getString("device");
      if (device == null) {
        continue;
      }
      JsonObject d = devices.computeIfAbsent(device, k -> new JsonObject().put("device", k).put("lanes", 0L)
          .put("entries", 0L).put("exits", 0L).put("refused", 0L).put("manual", 0L));
      d.put("lanes", d.getLong("lanes") + 1);
      for (String key : KEYS) {
        d.put(key, d.getLong(key) + lane.getLong(key));
      }
    }
    return new JsonArray(new ArrayList<>(devices.values()));
  }

  /** 0 entry, 1 exit, 2 refused, 3 let through by hand (also counted as its movement by the caller's totals). */
  private static int kind(String direction, String decision) {
    if ("deny".equals(decision)) {
      return 2;
    }
    if ("manual".equals(decision)) {
      return 3;
    }
    return "exit".equals(direction) ? 1 : 0;
  }

  /**
   * The lot's highest count in the range, walked back hour by hour from its count now through the movements since
   * the range began (staff corrections in between are not undone: it is the gates' own count).
   */
  private static JsonObject peak(Range r, RowSet<Row> walk, RowSet<Row> lots) {
    Integer current = null;
    for (Row row : lots) {
      if (row.getString("id").equals(r.lot())) {
        current = row.getInteger("occupancy");
      }
    }
    if (current == null) {
      return null;
    }
    long hoursNow = Math.max(0, Duration.between(r.from().toInstant(), Instant.now()).toHours());
    if (hoursNow > MAX_WALK.toHours()) {
      return null;
    }
    long[] net = new long[(int) hoursNow + 1];
    for (Row row : walk) {
      int h = row.getInteger("hour");
      if (h >= 0 && h < net.length) {
        net[h] += row.getLong("net");
      }
    }
    long rangeHours = Duration.between(r.from(), r.to()).toHours();
    long after = 0;
    long best = -1;
    int bestHour = -1;
    for (int h = net.length - 1; h >= 0; h--) {
      long atEnd = current - after; // the count at the end of hour h
      if (h < rangeHours && atEnd >= best) { // walking back: the first hour it was reached wins
        best = atEnd;
        bestHour = h;
      }
      after += net[h];
    }
    return bestHour < 0 ? null : new JsonObject().put("occupancy", Math.max(0, best))
        .put("at", r.from().toInstant().plus(Duration.ofHours(bestHour + 1L)).toString());
  }

  /** The counts per period and lane, with local times, lane names and the device that runs the lane (or empty). */
  private void csv(RoutingContext ctx) {
    Range r = Range.of(ctx);
    db.query(WebQueries.REPORT_PERIODS, r.tuple()).onSuccess(rows -> {
      Map<String, long[]> cells = new LinkedHashMap<>();
      Map<String, String[]> keys = new LinkedHashMap<>();
      for (Row row : rows) {
        String period = row.getLocalDateTime("period").atZone(r.zone()).toOffsetDateTime().toString();
        String key = period + "|" + row.getString("lane_id");
        keys.putIfAbsent(key, new String[] {period, row.getString("lane_id"), row.getString("lane_name"),
            row.getString("device")});
        cells.computeIfAbsent(key, k -> new long[4])[kind(row.getString("direction"), row.getString("decision"))]
            += row.getLong("n");
      }
      StringBuilder out = new StringBuilder(64 * (cells.size() + 1));
      // the device last: columns a reader of the file before it counted are where they were
      out.append(r.bucket()).append(",lane,lane_name,entries,exits,refused,manual,device\r\n");
      cells.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        String[] k = keys.get(e.getKey());
        long[] c = e.getValue();
        Csv.row(out, k[0], k[1], k[2], c[0], c[1], c[2], c[3], k[3]);
      });
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"lanekeeper-report.csv\"")
          .end(out.toString());
    }).onFailure(ctx::fail);
  }
}
