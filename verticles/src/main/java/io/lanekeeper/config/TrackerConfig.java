package io.lanekeeper.config;

import io.vertx.core.json.JsonObject;

/**
 * How reads are grouped into vehicles.
 *
 * @param windowMs a vehicle is gone when no read of it came for this long
 * @param decideConfidence the consensus confidence at which the decision is taken at once
 * @param maxReads the decision is taken after this many reads at the latest
 * @param maxTextDistance a read this many edits from a vehicle's last read is the same vehicle
 * @param sameBoxIou a doubtful read whose box overlaps the vehicle's last box this much (intersection over union) is
 *     the same vehicle whatever its text: a misread of the car that is there
 * @param sureConfidence a read this confident whose text is beyond {@code maxTextDistance} of a vehicle's plate is
 *     another vehicle, wherever its box: the next car of a queue stops where the last one stood
 * @param goneFrames a vehicle missing from this many frames read in a row (and for half a second at least) has left
 * @param parkedAfterMs a plate that stayed at one spot this long is parked: when it moves, it is a car arriving;
 *     before, it is the car that was just decided, leaving
 * @param spotMemoryMs how long the tracker remembers where a plate stood still, to know it again as parked
 * @param idleMs on a camera that watches all the time, a vehicle not read for this long has gone even if no frame
 *     showed it (the motion gate lets none through while nothing moves)
 * @param warmupMs a camera that watches its lane all the time shows, in its first frames, the plates that were there
 *     before: those seen this long after the lane's first read or frame are parked until they move
 * @param confirmReads on a camera that watches all the time, a sure consensus decides at once only when this many
 *     of the vehicle's reads read its plate exactly (1: the first sure read decides); until then, {@code maxReads}
 *     or the vehicle falling quiet ({@code windowMs}) decides, as for a vehicle never read sure
 */
public record TrackerConfig(long windowMs, double decideConfidence, int maxReads, int maxTextDistance,
                            double sameBoxIou, double sureConfidence, int goneFrames, long parkedAfterMs,
                            long spotMemoryMs, long idleMs, long warmupMs, int confirmReads) {

  public static TrackerConfig from(JsonObject j) {
    return new TrackerConfig(Json.number(j, "tracker.", "windowMs", 1500, 50, 120_000),
        Json.decimal(j, "tracker.", "decideConfidence", 0.9, 0, 1),
        Json.integer(j, "tracker.", "maxReads", 5, 1, 100),
        Json.integer(j, "tracker.", "maxTextDistance", 2, 0, 5),
        Json.decimal(j, "tracker.", "sameBoxIou", 0.3, 0.01, 1),
        Json.decimal(j, "tracker.", "sureConfidence", 0.5, 0, 1),
        Json.integer(j, "tracker.", "goneFrames", 3, 1, 1000),
        Json.number(j, "tracker.", "parkedAfterMs", 300_000, 1_000, 86_400_000),
        Json.number(j, "tracker.", "spotMemoryMs", 3_600_000, 1_000, 7 * 86_400_000L),
        Json.number(j, "tracker.", "idleMs", 60_000, 1_000, 3_600_000),
        Json.number(j, "tracker.", "warmupMs", 5_000, 0, 600_000),
        Json.integer(j, "tracker.", "confirmReads", 2, 1, 10));
  }
}
