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
 *     multipart MJPEG stream), {@code rtsp} (an RTSP stream, H.264 or H.265, decoded by ffmpeg on the device),
 *     {@code exec} (a child process writing JPEG frames to its standard output: GStreamer for CSI and USB cameras)
 * @param url the snapshot, MJPEG or RTSP address; an RTSP one without credentials in it
 * @param command the {@code exec} camera's program: the name of one of the configuration file's
 *     {@link CameraCommands}, never a program itself
 * @param fps folder replay rate; for RTSP, the frames per second decoded and handed on (a stream's other frames are
 *     skipped by the decoder, which is what keeps a 25 fps stream cheap)
 * @param roi the plate region as a polygon in frame fractions (0..1): motion is looked for there, and a plate whose
 *     box centre lies outside it is not read; empty means {@link #DEFAULT_REGION} for the cameras that watch a scene
 *     and the whole frame for pushed frames
 * @param motionThreshold fraction of region pixels that must change for a frame to be processed;
 *     0 disables motion gating
 * @param username the RTSP user, or null
 * @param password the RTSP password, or null: a secret, masked wherever the lane is shown ({@link Redaction})
 * @param transport how RTSP carries the stream: {@code tcp} (the default: no lost packets, no smeared frames) or
 *     {@code udp}
 * @param stallMs the watchdog: a continuous camera that gave no frame for this long is down and its source is
 *     started again; 0 turns it off
 * @param minPlateWidth the narrowest plate that counts, as a fraction of the frame's width: a distant plate is
 *     not a car at the gate
 */
public record CameraConfig(String type, String path, String url, double fps, boolean loop, long intervalMs,
                           List<double[]> roi, double motionThreshold, long reconnectMs, String command,
                           String username, String password, String transport, long stallMs,
                           double minPlateWidth) {

  public static final List<String> TYPES = List.of("push", "folder", "snapshot", "mjpeg", "rtsp", "exec");
  /**
   * The cameras that watch their lane all the time: they have a watchdog, and a plate standing in their view can be
   * a parked car. Pushed frames come when a car does and a folder replay cuts from car to car.
   */
  public static final java.util.Set<String> WATCHING = java.util.Set.of("snapshot", "mjpeg", "rtsp", "exec");
  /**
   * The plate region of a camera that watches a scene when none is drawn: the frame below its top quarter. A camera
   * at a barrier looks down the lane at about bonnet height; its top quarter holds the far background, where
   * parked cars and the other lanes' plates are.
   */
  public static final List<double[]> DEFAULT_REGION =
      List.of(new double[] {0, 0.25}, new double[] {1, 0.25}, new double[] {1, 1}, new double[] {0, 1});

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
    String username = Json.string(j, path, "username", null);
    String password = Json.string(j, path, "password", null);
    if (type.equals("rtsp")) {
      rtspUrl(url, path);
      checkCredential(path + "username", username);
      checkCredential(path + "password", password);
    }
    String transport = Json.string(j, path, "transport", "tcp");
    Json.oneOf(path, "transport", transport, List.of("tcp", "udp"), t -> t);
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
    long intervalMs = Json.number(j, path, "intervalMs", 1000, 50, 3_600_000);
    double fps = type.equals("rtsp") ? Json.decimal(j, path, "fps", 5.0, 0.5, 25) : Json.decimal(j, path, "fps", 2.0,
        0.01, 60);
    return new CameraConfig(type, dir, url, fps,
        Json.bool(j, path, "loop", true),
        intervalMs,
        List.copyOf(roi),
        Json.decimal(j, path, "motionThreshold", type.equals("push") ? 0.0 : 0.002, 0, 1),
        Json.number(j, path, "reconnectMs", 2000, 100, 600_000), command, username, password, transport,
        Json.number(j, path, "stallMs", defaultStallMs(type, intervalMs), 0, 3_600_000),
        Json.decimal(j, path, "minPlateWidth", type.equals("push") ? 0 : 0.03, 0, 0.5));
  }

  /**
   * How long each kind of source may stay silent before it counts as down. A stream gives frames many times a
   * second, so seconds of silence are a fault; ffmpeg's own {@code -timeout} does not see a connection that stays
   * open without data. A folder replay waits on nothing and a pushed frame comes when a car does: no watchdog.
   */
  static long defaultStallMs(String type, long intervalMs) {
    return switch (type) {
      case "rtsp" -> 5_000;
      case "mjpeg", "exec" -> 10_000;
      case "snapshot" -> Math.max(10_000, 3 * intervalMs);
      default -> 0;
    };
  }

  /** The region plates are read in: the one drawn, else the default for cameras that watch a scene. */
  public List<double[]> plateRegion() {
    return !roi.isEmpty() || type.equals("push") ? roi : DEFAULT_REGION;
  }

  private static void rtspUrl(String url, String path) {
    if (url == null || !url.matches("(?i)rtsps?://[^\\s/?#]+.*") || url.matches(".*\\s.*")) {
      throw new ConfigException(path + "url", "must be an rtsp:// (or rtsps://) URL for an rtsp camera, e.g. "
          + "rtsp://192.168.1.64:554/Streaming/Channels/102, got " + Redaction.text(url));
    }
    try {
      if (new java.net.URI(url).getHost() == null) {
        throw new java.net.URISyntaxException(Redaction.text(url), "no host");
      }
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(path + "url", "is not a URL with a host (" + e.getReason() + "): characters such as "
          + "spaces, { } or | must be percent-encoded");
    }
    String authority = url.replaceFirst("(?i)^rtsps?://", "").replaceFirst("[/?#].*$", "");
    if (authority.contains("@")) {
      throw new ConfigException(path + "url", "carries no credentials: give them as username and password, which are "
          + "kept as secrets");
    }
  }

  /** Credentials go into the URL ffmpeg is given: what would break it or smuggle an option is refused. */
  private static void checkCredential(String field, String value) {
    if (value != null && (value.length() > 128 || value.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
      throw new ConfigException(field, "must be at most 128 characters without control characters");
    }
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
        .put("reconnectMs", reconnectMs).put("command", command).put("username", username).put("password", password)
        .put("transport", transport).put("stallMs", stallMs).put("minPlateWidth", minPlateWidth);
  }
}
