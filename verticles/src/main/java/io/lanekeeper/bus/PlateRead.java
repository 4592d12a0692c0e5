package io.lanekeeper.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Base64;

/**
 * One plate read in one frame.
 *
 * @param plate normalised text (A-Z, 0-9)
 * @param confidence product of the per-character confidences
 * @param charConfidences one per character of {@code plate}
 * @param format the plate format id the read fits, or null where the lane accepts free reads
 * @param cropJpeg the plate crop, JPEG encoded; may be null
 */
public record PlateRead(String lane, String frameId, Instant capturedAt, String plate, double confidence,
                        double[] charConfidences, Box box, String format, byte[] cropJpeg) {

  public JsonObject toJson() {
    JsonArray cc = rounded(charConfidences);
    return new JsonObject()
        .put("lane", lane)
        .put("frameId", frameId)
        .put("capturedAt", capturedAt.toString())
        .put("plate", plate)
        .put("printed", printed())
        .put("confidence", confidence)
        .put("charConfidences", cc)
        .put("box", box.toJson())
        .put("format", format)
        .put("crop", cropJpeg == null ? null : Base64.getEncoder().encodeToString(cropJpeg));
  }

  /**
   * The plate as its format prints it, for people to see ({@code АА1234ВС} for a Ukrainian read {@code AA1234BC},
   * {@link io.lanekeeper.plates.PlateProfile#printed}); {@code plate} itself for a free read. Matching and storing
   * use {@code plate}.
   */
  public String printed() {
    return io.lanekeeper.plates.PlateProfiles.builtIn().printed(format, plate);
  }

  /** Confidences to three decimals: what the bus, the store and the dashboard carry. */
  static JsonArray rounded(double[] confidences) {
    JsonArray cc = new JsonArray();
    for (double c : confidences) {
      cc.add(Math.round(c * 1000) / 1000.0);
    }
    return cc;
  }

  static double[] doubles(JsonArray a) {
    double[] c = new double[a == null ? 0 : a.size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = a.getDouble(i);
    }
    return c;
  }

  public static PlateRead fromJson(JsonObject j) {
    double[] c = doubles(j.getJsonArray("charConfidences"));
    String crop = j.getString("crop");
    return new PlateRead(j.getString("lane"), j.getString("frameId"), Instant.parse(j.getString("capturedAt")),
        j.getString("plate"), j.getDouble("confidence"), c, Box.fromJson(j.getJsonArray("box")),
        j.getString("format"), crop == null ? null : Base64.getDecoder().decode(crop));
  }
}
