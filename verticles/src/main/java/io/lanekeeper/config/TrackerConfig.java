package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;

/**
 * How reads are grouped into vehicles.
 *
 * @param windowMs a vehicle is gone when no read of it came for this long
 * @param decideConfidence the consensus confidence at which the decision is taken at once
 * @param maxReads the decision is taken after this many reads at the latest
 * @param maxTextDistance a read this many edits from a vehicle's last read is the same vehicle
 * @param sameBoxIou a read whose box overlaps the vehicle's last box this much (intersection over union) is the same
 *     vehicle whatever its text
 */
public record TrackerConfig(long windowMs, double decideConfidence, int maxReads, int maxTextDistance,
                            double sameBoxIou) {

  public static TrackerConfig from(JsonObject j) {
    return new TrackerConfig(Json.number(j, "tracker.", "windowMs", 1500, 50, 120_000),
        Json.decimal(j, "tracker.", "decideConfidence", 0.9, 0, 1),
        Json.integer(j, "tracker.", "maxReads", 5, 1, 100),
        Json.integer(j, "tracker.", "maxTextDistance", 2, 0, 5),
        Json.decimal(j, "tracker.", "sameBoxIou", 0.3, 0.01, 1));
  }
}
