package io.lanekeeper.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The camera source of one lane.
 *
 * @param type {@code push} (frames arrive by HTTP POST), {@code folder} (replay of images),
 *     {@code snapshot} (HTTP GET of a still image every {@code intervalMs}), {@code mjpeg} (an HTTP
 *     multipart MJPEG stream), {@code exec} (a child process writing JPEG frames to its standard output:
 *     GStreamer for CSI and USB cameras on a Jetson, ffmpeg for RTSP)
 * @param command the {@code exec} camera's program: the name of one of the configuration file's
 *     {@link CameraCommands}, never a program itself
 * @param fps folder replay rate, frames per second
 * @param roi the region of interest as a polygon in frame fractions (0..1); empty means the whole frame
 * @param motionThreshold fraction of region pixels that must change for a frame to be processed;
 *     0 disables motion gating
 */
public record CameraConfig(String type, String path, String url, double fps, boolean loop, long intervalMs,
                           List<double[]> roi, double motionThreshold, long reconnectMs, String command) {

  public static final List<String> TYPES = List.of("push", "folder", "snapshot", "mjpeg", "exec");

  public static CameraConfig from(JsonObject j, String path) {
    String type = Json.string(j, path, "type", "push");
    Json.oneOf(path, "type", type, TYPES, t -> t);
    String dir = Json.string(j, path, "path", null);
    String url = Json.string(j, path, "url", null);
    if (type.equals("folder") && (dir == null || dir.isBlank())) {
      throw new ConfigException(path + "path", "is required for a folder camera");
    }
    if ((type.equals("snapshot") || type.equals("mjpeg")) && (url == null || !url.matches("(?i)https?://.+"))) {
      throw new ConfigException(path + "url", "must be an http(s) URL for a " + type + " camera, got "
          + Redaction.text(url));
    }
    String command = command(j, path, type);
    List<double[]> roi = new ArrayList<>();
    Object r = j.getValue("roi");
    if (r != null) {
      if (!(r instanceof JsonArray arr) || (arr.size() > 0 && arr.size() < 3)) {
        throw new ConfigException(path + "roi", "must be a polygon of at least 3 [x, y] points in 0..1");
      }
      for (int i = 0; i < arr.size(); i++) {
        Object p = arr.getValue(i);
        if (!(p instanceof JsonArray pt) || pt.size() != 2 || !(pt.getValue(0) instanceof Number)
            || !(pt.getValue(1) instanceof Number)) {
          throw new ConfigException(path + "roi[" + i + "]", "must be a point [x, y]");
        }
        double x = pt.getDouble(0);
        double y = pt.getDouble(1);
        if (x < 0 || x > 1 || y < 0 || y > 1) {
          throw new ConfigException(path + "roi[" + i + "]", "coordinates are frame fractions in 0..1");
        }
        roi.add(new double[] {x, y});
      }
    }
    return new CameraConfig(type, dir, url,
        Json.decimal(j, path, "fps", 2.0, 0.01, 60),
        Json.bool(j, path, "loop", true),
        Json.number(j, path, "intervalMs", 1000, 50, 3_600_000),
        List.copyOf(roi),
        Json.decimal(j, path, "motionThreshold", type.equals("push") ? 0.0 : 0.002, 0, 1),
        Json.number(j, path, "reconnectMs", 2000, 100, 600_000), command);
  }

  /** The name of an {@code exec} camera's program; a program written out is refused, wherever the lane comes from. */
  private static String command(JsonObject j, String path, String type) {
    Object v = j.getValue("command");
    if (v instanceof JsonArray) {
      throw new ConfigException(path + "command", "names one of the programs the device's configuration file lists "
          + "under cameraCommands (e.g. \"command\": \"rtsp-gate\"); a lane cannot write a program itself");
    }
    if (v != null && !(v instanceof String s && s.matches(LaneConfig.ID_PATTERN))) {
      throw new ConfigException(path + "command", "must be the name of one of cameraCommands (lower-case letters, "
          + "digits and dashes)");
    }
    if (type.equals("exec") && v == null) {
      throw new ConfigException(path + "command", "an exec camera names the program it runs, one of cameraCommands "
          + "in the device's configuration file");
    }
    return (String) v;
  }

  public JsonObject toJson() {
    JsonArray r = new JsonArray();
    roi.forEach(p -> r.add(new JsonArray().add(p[0]).add(p[1])));
    return new JsonObject().put("type", type).put("path", path).put("url", url).put("fps", fps).put("loop", loop)
        .put("intervalMs", intervalMs).put("roi", r).put("motionThreshold", motionThreshold)
        .put("reconnectMs", reconnectMs).put("command", command);
  }
}
