package io.lanekeeper.bus;

import io.vertx.core.json.JsonArray;

/** An axis-aligned box in frame pixels; x, y is the top-left corner. */
public record Box(int x, int y, int w, int h) {

  public JsonArray toJson() {
    return new JsonArray().add(x).add(y).add(w).add(h);
  }

  public static Box fromJson(JsonArray a) {
    return new Box(a.getInteger(0), a.getInteger(1), a.getInteger(2), a.getInteger(3));
  }

  public double iou(Box o) {
    int ix = Math.max(0, Math.min(x + w, o.x + o.w) - Math.max(x, o.x));
    int iy = Math.max(0, Math.min(y + h, o.y + o.h) - Math.max(y, o.y));
    double inter = (double) ix * iy;
    double union = (double) w * h + (double) o.w * o.h - inter;
    return union <= 0 ? 0 : inter / union;
  }
}
