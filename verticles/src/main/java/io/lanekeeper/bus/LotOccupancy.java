package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;

/**
 * A lot's count, on {@link Addresses#LOT_OCCUPANCY} after each entry or exit the matcher counted.
 *
 * @param capacity null for a lot without a limit
 */
public record LotOccupancy(String lot, int occupancy, Integer capacity) {

  public JsonObject toJson() {
    return new JsonObject().put("lot", lot).put("occupancy", occupancy).put("capacity", capacity);
  }

  public static LotOccupancy fromJson(JsonObject j) {
    return new LotOccupancy(j.getString("lot"), j.getInteger("occupancy", 0), j.getInteger("capacity"));
  }
}
