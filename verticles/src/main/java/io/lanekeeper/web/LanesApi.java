package io.lanekeeper.web;

import io.lanekeeper.config.LaneConfig;
import io.vertx.core.Future;
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
 * configured lanes fill in for a table that is unreachable or not seeded yet: the dashboard of a
 * gate device must show its lanes even while the database is away.
 */
final class LanesApi {

  private static final Logger LOG = LoggerFactory.getLogger(LanesApi.class);

  private final Database db;
  private final List<LaneConfig> configured;
  private final LiveState live;

  LanesApi(Database db, List<LaneConfig> configured, LiveState live) {
    this.db = db;
    this.configured = configured;
    this.live = live;
  }

  void mount(ApiRoutes api) {
    api.get("/api/lanes", Role.VIEWER, this::list);
    api.get("/api/lanes/:lane", Role.VIEWER, this::get);
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
          .put("enabled", r.getBoolean("enabled")));
    }
    fromConfig().forEach(out::putIfAbsent);
    return out;
  }

  private Map<String, JsonObject> fromConfig() {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    for (LaneConfig l : configured) {
      out.put(l.id(), new JsonObject().put("id", l.id()).put("name", l.name()).put("direction", l.direction())
          .put("maxDistance", l.maxDistance()).put("formats", new JsonArray(l.formats())).put("lot", l.lot()).put("enabled", l.enabled()));
    }
    return out;
  }

  private JsonObject withLiveState(Map<String, JsonObject> lanes, String source) {
    JsonArray arr = new JsonArray();
    lanes.values().forEach(l -> arr.add(l.put("gate", live.gate(l.getString("id")))
        .put("camera", live.camera(l.getString("id")))));
    return new JsonObject().put("lanes", arr).put("source", source);
  }
}
