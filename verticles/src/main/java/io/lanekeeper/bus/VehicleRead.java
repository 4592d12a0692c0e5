package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * The consensus of the reads of one vehicle in one lane: what the matcher decides on.
 *
 * @param vehicleId a fresh id per vehicle; becomes the event id
 * @param nReads how many frame reads went into the consensus
 * @param best the read the crop and box come from
 */
public record VehicleRead(UUID vehicleId, String lane, Instant firstSeen, Instant decidedAt, String plate,
                          double confidence, int nReads, PlateRead best) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("vehicleId", vehicleId.toString())
        .put("lane", lane)
        .put("firstSeen", firstSeen.toString())
        .put("decidedAt", decidedAt.toString())
        .put("plate", plate)
        .put("confidence", confidence)
        .put("nReads", nReads)
        .put("best", best.toJson());
  }

  public static VehicleRead fromJson(JsonObject j) {
    return new VehicleRead(UUID.fromString(j.getString("vehicleId")), j.getString("lane"),
        Instant.parse(j.getString("firstSeen")), Instant.parse(j.getString("decidedAt")), j.getString("plate"),
        j.getDouble("confidence"), j.getInteger("nReads"), PlateRead.fromJson(j.getJsonObject("best")));
  }
}
