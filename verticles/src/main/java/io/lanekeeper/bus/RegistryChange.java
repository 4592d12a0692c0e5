package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;

/**
 * A registry row the matcher has applied, on {@link Addresses#MATCHER_CHANGED} (from PostgreSQL's NOTIFY).
 *
 * @param table {@code plate}, {@code pass} or {@code lot}
 * @param op {@code INSERT}, {@code UPDATE} or {@code DELETE}
 */
public record RegistryChange(String table, Object id, String op) {

  public JsonObject toJson() {
    return new JsonObject().put("t", table).put("id", id).put("op", op);
  }

  public static RegistryChange fromJson(JsonObject j) {
    return new RegistryChange(j.getString("t"), j.getValue("id"), j.getString("op"));
  }
}
