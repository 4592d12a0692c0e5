package io.lanekeeper.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Registered plates: list, read, create, replace, delete. The matcher hears of each change from PostgreSQL
 * itself (the table's NOTIFY trigger), whoever made it.
 */
final class PlatesApi {

  private final Database db;
  private final LaneDirectory directory;

  PlatesApi(Database db, LaneDirectory directory) {
    this.db = db;
    this.directory = directory;
  }

  void mount(ApiRoutes api) {
    api.get("/api/plates", Role.VIEWER, this::list);
    // owners and notes are for operators and up: the export holds them, so it is theirs too
    api.get("/api/plates.csv", Role.OPERATOR, this::export);
    api.get("/api/plates/:id", Role.VIEWER, this::get);
    api.postJson("/api/plates", Role.ADMIN, this::create);
    PlatesImport importer = new PlatesImport(db, this::laneIds);
    api.post("/api/plates/import", Role.ADMIN,
        List.of(PlatesImport::mediaType, ApiRoutes.body(PlatesImport.MAX_BYTES), importer::handle));
    api.putJson("/api/plates/:id", Role.ADMIN, this::replace);
    api.delete("/api/plates/:id", Role.ADMIN, this::remove);
  }

  private void list(RoutingContext ctx) {
    String q = Params.text(ctx, "q", 64);
    int limit = Params.integer(ctx, "limit", 50, 1, 500);
    int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    boolean personal = seesPersonalData(ctx);
    // a viewer who could search by owner would learn who owns what without seeing a name
    String owner = personal ? ownerFragment(q) : null;
    if (!personal && PlateFields.fragment(q) == null && q != null) {
      Replies.json(ctx, new JsonObject().put("plates", new JsonArray()).put("total", 0).put("limit", limit)
          .put("offset", offset));
      return;
    }
    Replies.send(ctx, db.query(WebQueries.PLATES, Tuple.of(PlateFields.fragment(q), owner, limit, offset))
        .map(rows -> page(rows, limit, offset, personal)));
  }

  /**
   * A plate's owner and notes (and a pass's note) are personal data: operators and admins see them (and export
   * them), viewers (staff watching the dashboard) see the plates and passes without them.
   */
  static boolean seesPersonalData(RoutingContext ctx) {
    return Auth.who(ctx).role().allows(Role.OPERATOR);
  }

  /** Every registered plate as CSV in the columns the import reads, so an export can be edited and imported back. */
  private void export(RoutingContext ctx) {
    db.query(WebQueries.ALL_PLATES, Tuple.tuple()).onSuccess(rows -> {
      StringBuilder out = new StringBuilder(96 * (rows.size() + 1))
          .append("plate,kind,owner,notes,validFrom,validTo,lanes\r\n");
      for (Row r : rows) {
        String[] lanes = r.getArrayOfStrings("lanes");
        Csv.row(out, r.getString("display"), r.getString("kind"), r.getString("owner"), r.getString("notes"),
            instant(r.getOffsetDateTime("valid_from")), instant(r.getOffsetDateTime("valid_to")),
            lanes == null ? null : String.join(";", lanes));
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"lanekeeper-plates.csv\"").end(out.toString());
    }).onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    long id = Params.id(ctx);
    boolean personal = seesPersonalData(ctx);
    Replies.send(ctx, db.query(WebQueries.PLATE, Tuple.of(id)).map(rows -> {
      JsonObject p = single(rows, id);
      return personal ? p : withoutPersonalData(p);
    }));
  }

  /**
   * The ids of the site's lanes (those in the database, and those this controller runs from its configuration), for
   * checking the lanes a plate names: a typo must not make a plate unusable on the lane meant.
   */
  io.vertx.core.Future<java.util.Set<String>> laneIds() {
    return db.query(WebQueries.LANE_IDS, Tuple.tuple()).map(rows -> {
      java.util.Set<String> ids = new java.util.HashSet<>(directory.ids());
      rows.forEach(r -> ids.add(r.getString("id")));
      return ids;
    });
  }

  /** The plate as given, or a 400 naming the first lane it names that the site does not have. */
  static PlateInput knownLanes(PlateInput in, java.util.Set<String> ids) {
    String unknown = in.lanes() == null ? null
        : in.lanes().stream().filter(l -> !ids.contains(l)).findFirst().orElse(null);
    if (unknown != null) {
      throw ApiError.invalid("lanes", "no lane '" + unknown + "' on this site");
    }
    return in;
  }

  private io.vertx.core.Future<PlateInput> known(PlateInput in) {
    return laneIds().map(ids -> knownLanes(in, ids));
  }

  private void create(RoutingContext ctx) {
    PlateInput in0 = PlateInput.from(Params.jsonBody(ctx));
    known(in0).compose(in -> db.change(Auth.who(ctx).name(), WebQueries.INSERT_PLATE, Tuple.of(in.plate(),
            in.display(), in.kind(), in.owner(), in.notes(), in.validFrom(), in.validTo(), lanes(in), in.schedule())))
        .map(rows -> noted(plate(rows.iterator().next()), in0))
        .onSuccess(p -> {
          ctx.response().putHeader("Location", "/api/plates/" + p.getLong("id"));
          Replies.json(ctx, 201, p);
        })
        .onFailure(ctx::fail);
  }

  private void replace(RoutingContext ctx) {
    long id = Params.id(ctx);
    PlateInput in0 = PlateInput.from(Params.jsonBody(ctx));
    Replies.send(ctx, known(in0).compose(in -> db.change(Auth.who(ctx).name(), WebQueries.UPDATE_PLATE,
            Tuple.of(id, in.plate(), in.display(), in.kind(), in.owner(), in.notes(), in.validFrom(), in.validTo(),
                lanes(in), in.schedule())))
        .map(rows -> noted(single(rows, id), in0)));
  }

  /** The stored plate, with a note when a caption typed with it was left out ({@link PlateInput#captionNote}). */
  private static JsonObject noted(JsonObject stored, PlateInput in) {
    return in.captionNote() == null ? stored : stored.put("note", in.captionNote());
  }

  private void remove(RoutingContext ctx) {
    long id = Params.id(ctx);
    db.change(Auth.who(ctx).name(), WebQueries.DELETE_PLATE, Tuple.of(id))
        .onSuccess(rows -> {
          if (rows.size() == 0) {
            ctx.fail(ApiError.notFound("no registered plate with id " + id));
            return;
          }
          ctx.response().setStatusCode(204).end();
        })
        .onFailure(ctx::fail);
  }

  private static String ownerFragment(String q) {
    if (q == null || q.isBlank()) {
      return null;
    }
    return q.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static String[] lanes(PlateInput in) {
    return in.lanes() == null ? null : in.lanes().toArray(String[]::new);
  }

  private static JsonObject page(RowSet<Row> rows, int limit, int offset, boolean personal) {
    JsonArray items = new JsonArray();
    long total = 0;
    for (Row r : rows) {
      items.add(personal ? plate(r) : withoutPersonalData(plate(r)));
      total = r.getLong("total");
    }
    return new JsonObject().put("plates", items).put("total", total).put("limit", limit).put("offset", offset);
  }

  private static JsonObject single(RowSet<Row> rows, long id) {
    if (rows.size() == 0) {
      throw ApiError.notFound("no registered plate with id " + id);
    }
    return plate(rows.iterator().next());
  }

  private static JsonObject withoutPersonalData(JsonObject plate) {
    plate.remove("owner");
    plate.remove("notes");
    return plate;
  }

  static JsonObject plate(Row r) {
    String[] lanes = r.getArrayOfStrings("lanes");
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("plate", r.getString("plate"))
        .put("display", r.getString("display"))
        .put("kind", r.getString("kind"))
        .put("owner", r.getString("owner"))
        .put("notes", r.getString("notes"))
        .put("validFrom", instant(r.getOffsetDateTime("valid_from")))
        .put("validTo", instant(r.getOffsetDateTime("valid_to")))
        .put("lanes", lanes == null ? null : new JsonArray(List.of(lanes)))
        .put("schedule", r.getValue("schedule"))
        .put("createdAt", instant(r.getOffsetDateTime("created_at")))
        .put("updatedAt", instant(r.getOffsetDateTime("updated_at")));
  }

  static String instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant().toString();
  }
}
