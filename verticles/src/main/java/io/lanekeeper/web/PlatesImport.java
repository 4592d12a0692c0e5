package io.lanekeeper.web;

import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/plates/import}: registered plates in bulk, as CSV ({@code text/csv}, a header row naming the
 * columns {@code plate, kind, owner, notes, validFrom, validTo, lanes}; lanes separated by {@code ;}) or as a JSON
 * array of the objects {@code POST /api/plates} takes. Every row is checked like a single plate; the report names
 * each bad row (its line or index) and why, and the good rows are written in batches of {@link #BATCH}, one
 * transaction each. A plate already registered with the same kind is updated, so an import can be run again.
 */
final class PlatesImport {

  private static final Logger LOG = LoggerFactory.getLogger(PlatesImport.class);
  static final int BATCH = 1000;
  static final int MAX_ROWS = 200_000;
  static final long MAX_BYTES = 32L << 20;
  private static final Map<String, String> COLUMNS = Map.of("plate", "plate", "kind", "kind", "owner", "owner",
      "notes", "notes", "validfrom", "validFrom", "valid_from", "validFrom", "validto", "validTo", "valid_to",
      "validTo", "lanes", "lanes");

  /** One row of the input: where it was (a CSV line number or a JSON index), its fields, or what is wrong. */
  record Row0(int at, JsonObject fields, String problem) {
  }

  private final Database db;
  private final java.util.function.Supplier<Future<java.util.Set<String>>> laneIds;

  PlatesImport(Database db, java.util.function.Supplier<Future<java.util.Set<String>>> laneIds) {
    this.db = db;
    this.laneIds = laneIds;
  }

  /**
   * Refuses any other type before the body is read: the body handler would parse a form itself, and fail on a
   * long field with a 500.
   */
  static void mediaType(RoutingContext ctx) {
    if (!isCsv(ctx) && !type(ctx).startsWith("application/json")) {
      throw new ApiError(415, "unsupported_media_type", null, "send text/csv or application/json");
    }
    ctx.next();
  }

  private static boolean isCsv(RoutingContext ctx) {
    return type(ctx).startsWith("text/csv");
  }

  private static String type(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    return type == null ? "" : type.toLowerCase(Locale.ROOT);
  }

  void handle(RoutingContext ctx) {
    String actor = Auth.who(ctx).name();
    boolean csv = isCsv(ctx);
    String body = ctx.body().asString("UTF-8");
    List<Row0> rows = csv ? csv(body) : json(body);
    String unit = csv ? "line" : "index";
    if (rows.size() > MAX_ROWS) {
      throw new ApiError(413, "too_many_rows", null, "at most " + MAX_ROWS + " rows per import, got " + rows.size());
    }
    laneIds.get().onFailure(ctx::fail).onSuccess(ids -> store(ctx, actor, rows, unit, ids));
  }

  private void store(RoutingContext ctx, String actor, List<Row0> rows, String unit, java.util.Set<String> laneIds) {
    JsonArray errors = new JsonArray();
    List<Tuple> good = new ArrayList<>();
    for (Row0 r : rows) {
      if (r.problem() != null) {
        errors.add(new JsonObject().put(unit, r.at()).put("error", r.problem()));
        continue;
      }
      try {
        PlateInput in = PlatesApi.knownLanes(PlateInput.from(r.fields()), laneIds);
        good.add(Tuple.of(in.plate(), in.display(), in.kind(), in.owner(), in.notes(), in.validFrom(), in.validTo(),
            in.lanes() == null ? null : in.lanes().toArray(String[]::new)));
      } catch (ApiError e) {
        errors.add(new JsonObject().put(unit, r.at()).put("plate", r.fields().getValue("plate"))
            .put("field", e.field()).put("error", e.getMessage()));
      }
    }
    int[] counts = new int[2];
    JsonArray failedBatches = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < good.size(); from += BATCH) {
      List<Tuple> batch = good.subList(from, Math.min(good.size(), from + BATCH));
      int first = from;
      chain = chain.compose(v -> db.batchInTransaction(actor, WebQueries.IMPORT_PLATE, batch)
          .map(rs -> {
            for (RowSet<Row> r = rs; r != null; r = r.next()) {
              for (Row row : r) {
                counts[row.getBoolean("inserted") ? 0 : 1]++;
              }
            }
            LOG.info("Plate import: {} of {} good rows written", first + batch.size(), good.size());
            return (Void) null;
          })
          .recover(e -> {
            if (e instanceof ApiError a && a.status() == 503) {
              return Future.failedFuture(a);
            }
            failedBatches.add(new JsonObject().put("rows", first + 1 + "-" + (first + batch.size()))
                .put("error", e.getMessage()));
            return Future.succeededFuture();
          }));
    }
    chain.onSuccess(v -> Replies.json(ctx, errors.isEmpty() && failedBatches.isEmpty() ? 200 : 207,
            new JsonObject().put("rows", rows.size()).put("inserted", counts[0]).put("updated", counts[1])
                .put("rejected", errors.size()).put("errors", errors).put("failedBatches", failedBatches)))
        .onFailure(ctx::fail);
  }

  private static List<Row0> json(String body) {
    Object parsed;
    try {
      parsed = new JsonArray(body);
    } catch (DecodeException e) {
      throw ApiError.badJson("the body must be a JSON array of plates: " + e.getMessage());
    }
    List<Row0> out = new ArrayList<>();
    JsonArray arr = (JsonArray) parsed;
    for (int i = 0; i < arr.size(); i++) {
      Object v = arr.getValue(i);
      out.add(v instanceof JsonObject o ? new Row0(i, o, null)
          : new Row0(i, null, "must be an object like {\"plate\": \"ABC1234\", \"owner\": \"...\"}"));
    }
    return out;
  }

  /** RFC 4180 CSV: quoted fields may hold commas, quotes ({@code ""}) and line breaks. */
  static List<Row0> csv(String body) {
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<String> rec = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int recordLine = 1;
    String s = body.startsWith("\uFEFF") ? body.substring(1) : body;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"' && field.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        rec.add(field.toString());
        field.setLength(0);
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
        rec.add(field.toString());
        field.setLength(0);
        if (!(rec.size() == 1 && rec.getFirst().isBlank())) {
          records.add(rec);
          lines.add(recordLine);
        }
        rec = new ArrayList<>();
        line++;
        recordLine = line;
      } else {
        field.append(c);
      }
    }
    if (!field.isEmpty() || !rec.isEmpty()) {
      rec.add(field.toString());
      records.add(rec);
      lines.add(recordLine);
    }
    if (records.isEmpty()) {
      throw ApiError.invalid("body", "the CSV is empty; its first line names the columns, e.g. plate,owner,validTo");
    }
    List<String> header = records.getFirst().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    if (!header.contains("plate")) {
      throw ApiError.invalid("body", "the CSV's first line must name the columns and include 'plate', got "
          + String.join(",", header));
    }
    for (String h : header) {
      if (!COLUMNS.containsKey(h)) {
        throw ApiError.invalid("body", "unknown CSV column '" + h + "'; known: plate, kind, owner, notes, validFrom, "
            + "validTo, lanes");
      }
    }
    List<Row0> out = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> values = records.get(r);
      JsonObject o = new JsonObject();
      for (int k = 0; k < header.size() && k < values.size(); k++) {
        String key = COLUMNS.get(header.get(k));
        String v = values.get(k).strip();
        if (v.isEmpty()) {
          continue;
        }
        if (key.equals("lanes")) {
          JsonArray lanes = new JsonArray();
          for (String l : v.split("[;\\s]+")) {
            lanes.add(l);
          }
          o.put(key, lanes);
        } else {
          o.put(key, v);
        }
      }
      out.add(values.size() > header.size()
          ? new Row0(lines.get(r), null, values.size() + " fields for " + header.size() + " columns (a comma "
              + "inside a field must be quoted)")
          : new Row0(lines.get(r), o, null));
    }
    return out;
  }
}
