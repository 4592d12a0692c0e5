package io.lanekeeper.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** What the engine found in one frame, in the order of decreasing confidence. */
public record FrameResult(String lane, String frameId, List<PlateRead> reads, long latencyMicros) {

  /** The reply of {@code POST /api/lanes/{lane}/frames}. */
  public JsonObject toJson() {
    JsonArray arr = new JsonArray();
    reads.forEach(r -> arr.add(new JsonObject()
        .put("plate", r.plate())
        .put("printed", r.printed())
        .put("confidence", r.confidence())
        .put("box", r.box().toJson())
        .put("format", r.format())));
    return new JsonObject().put("frameId", frameId).put("reads", arr)
        .put("latencyMs", latencyMicros / 1000.0);
  }
}
