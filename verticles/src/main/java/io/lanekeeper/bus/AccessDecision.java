package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * The access decision for one vehicle.
 *
 * @param eventId equals the vehicle id: one decision, one event row, whatever path it takes
 * @param reason machine-readable reason: {@code exact}, {@code fuzzy d=1 O->0}, {@code ambiguous}, {@code unknown}, ...
 * @param matchedPlate the registered plate it matched, or null
 * @param matchedPlateId the id of that plate row, or null
 * @param distance the weighted edit distance to the matched plate (a look-alike substitution costs 0.5), or -1
 */
public record AccessDecision(UUID eventId, String lane, Instant decidedAt, boolean allowed, String reason,
                             String matchedPlate, Long matchedPlateId, double distance, VehicleRead vehicle) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("eventId", eventId.toString())
        .put("lane", lane)
        .put("decidedAt", decidedAt.toString())
        .put("allowed", allowed)
        .put("reason", reason)
        .put("matchedPlate", matchedPlate)
        .put("matchedPlateId", matchedPlateId)
        .put("distance", distance)
        .put("vehicle", vehicle.toJson());
  }

  public static AccessDecision fromJson(JsonObject j) {
    return new AccessDecision(UUID.fromString(j.getString("eventId")), j.getString("lane"),
        Instant.parse(j.getString("decidedAt")), j.getBoolean("allowed"), j.getString("reason"),
        j.getString("matchedPlate"), j.getLong("matchedPlateId"), j.getDouble("distance", -1.0),
        VehicleRead.fromJson(j.getJsonObject("vehicle")));
  }
}
