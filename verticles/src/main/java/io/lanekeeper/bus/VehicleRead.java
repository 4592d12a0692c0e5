package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * The consensus of the reads of one vehicle in one lane: what the matcher decides on.
 *
 * @param vehicleId a fresh id per vehicle; becomes the event id
 * @param confidence the consensus's confidence: the product of {@code charConfidences}
 * @param charConfidences the consensus's confidence of each character of {@code plate}
 * @param nReads how many frame reads went into the consensus
 * @param best the read the crop and box come from
 */
public record VehicleRead(UUID vehicleId, String lane, Instant firstSeen, Instant decidedAt, String plate,
                          double confidence, double[] charConfidences, int nReads, PlateRead best) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("vehicleId", vehicleId.toString())
        .put("lane", lane)
        .put("firstSeen", firstSeen.toString())
        .put("decidedAt", decidedAt.toString())
        .put("plate", plate)
        .put("printed", printed())
        .put("confidence", confidence)
        .put("charConfidences", PlateRead.rounded(charConfidences))
        .put("nReads", nReads)
        .put("best", best.toJson());
  }

  /** The plate as its format prints it (the best read's format; {@link PlateRead#printed}). */
  public String printed() {
    return io.lanekeeper.plates.PlateProfiles.builtIn().printed(best.format(), plate);
  }

  /** A vehicle written before per-character confidences were carried (an old outbox) has none: an empty array. */
  public static VehicleRead fromJson(JsonObject j) {
    return new VehicleRead(UUID.fromString(j.getString("vehicleId")), j.getString("lane"),
        Instant.parse(j.getString("firstSeen")), Instant.parse(j.getString("decidedAt")), j.getString("plate"),
        j.getDouble("confidence"), PlateRead.doubles(j.getJsonArray("charConfidences")), j.getInteger("nReads"),
        PlateRead.fromJson(j.getJsonObject("best")));
  }
}
