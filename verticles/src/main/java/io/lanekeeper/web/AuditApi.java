package io.lanekeeper.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/** {@code GET /api/audit}: who changed what and when, with the row before and after; newest first. Admins only. */
final class AuditApi {

  private static final Set<String> ENTITIES = Set.of("plate", "pass", "lot", "lane", "user", "gate", "presence",
      "retention", "privacy");

  private final Database db;

  AuditApi(Database db) {
    this.db = db;
  }

  void mount(ApiRoutes api) {
    api.get("/api/audit", Role.ADMIN, this::list);
  }

  private void list(RoutingContext ctx) {
    String entity = Params.text(ctx, "entity", 16);
    if (entity != null && !ENTITIES.contains(entity)) {
      throw ApiError.invalid("entity", "must be one of " + ENTITIES);
    }
    String id = Params.text(ctx, "id", 64);
    int before = Params.integer(ctx, "before", 0, 0, Integer.MAX_VALUE);
    int limit = Params.integer(ctx, "limit", 100, 1, 1000);
    Tuple args = Tuple.of(entity, id, before == 0 ? null : (long) before, limit);
    Replies.send(ctx, db.query(WebQueries.AUDIT, args).map(rows -> {
      JsonArray a = new JsonArray();
      rows.forEach(r -> a.add(new JsonObject().put("id", r.getLong("id"))
          .put("at", PlatesApi.instant(r.getOffsetDateTime("at"))).put("actor", r.getString("actor"))
          .put("entity", r.getString("entity")).put("entityId", r.getString("entity_id"))
          .put("action", r.getString("action")).put("before", r.getValue("before")).put("after", r.getValue("after"))));
      return new JsonObject().put("entries", a);
    }));
  }
}
