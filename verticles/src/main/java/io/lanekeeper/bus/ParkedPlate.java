package io.lanekeeper.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A plate standing where it stood before, not moving, on {@link Addresses#VEHICLE_PARKED}: a parked car or one still
 * waiting, reported and never decided again.
 *
 * @param since since when it has stood there, as far as the tracker knows
 */
public record ParkedPlate(String lane, String plate, double confidence, Box box, Instant since) {

  public JsonObject toJson() {
    return new JsonObject().put("lane", lane).put("plate", plate).put("confidence", confidence)
        .put("box", box.toJson()).put("since", since.toString());
  }

  public static ParkedPlate fromJson(JsonObject j) {
    return new ParkedPlate(j.getString("lane"), j.getString("plate"), j.getDouble("confidence"),
        Box.fromJson(j.getJsonArray("box")), Instant.parse(j.getString("since")));
  }
}
