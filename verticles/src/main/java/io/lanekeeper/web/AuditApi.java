package io.lanekeeper.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Tuple;
import java.util.Set;

/** {@code GET /api/audit}: who changed what and when, with the row before and after; newest first. Admins only. */
final class AuditApi {

  private static final Set<String> ENTITIES = Set.of("plate", "pass", "lot", "lane", "user");
  /** $1 entity or null, $2 entity id or null, $3 before this id or null (paging), $4 limit. */
  private static final String LIST = """
      SELECT id, at, actor, entity, entity_id, action, before, after FROM audit_log
      WHERE ($1::text IS NULL OR entity = $1) AND ($2::text IS NULL OR entity_id = $2)
        AND ($3::bigint IS NULL OR id < $3)
      ORDER BY id DESC LIMIT $4""";

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
    Replies.send(ctx, db.query(LIST, Tuple.of(entity, id, before == 0 ? null : (long) before, limit)).map(rows -> {
      JsonArray a = new JsonArray();
      rows.forEach(r -> a.add(new JsonObject().put("id", r.getLong("id"))
          .put("at", PlatesApi.instant(r.getOffsetDateTime("at"))).put("actor", r.getString("actor"))
          .put("entity", r.getString("entity")).put("entityId", r.getString("entity_id"))
          .put("action", r.getString("action")).put("before", r.getValue("before")).put("after", r.getValue("after"))));
      return new JsonObject().put("entries", a);
    }));
  }
}
