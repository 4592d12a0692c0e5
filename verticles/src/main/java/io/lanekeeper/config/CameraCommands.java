package io.lanekeeper.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The programs {@code exec} cameras may run, by name: the configuration file's top-level {@code cameraCommands},
 * e.g. {@code {"rtsp-gate": ["ffmpeg", "-rtsp_transport", "tcp", "-i", "rtsp://...", "-f", "image2pipe", ...]}}.
 * Only the device's own file lists them; a lane (in the file or from the browser) names one. An admin in the
 * browser may pick among them and never write one: a lane stored through the API cannot make the device run a
 * program of its choosing (it once ran {@code /bin/sh -c 'id > /tmp/x'} as root).
 */
public record CameraCommands(Map<String, List<String>> byName) {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CameraCommands.class);

  public static final CameraCommands NONE = new CameraCommands(Map.of());

  public static CameraCommands from(JsonObject raw) {
    Object v = raw.getValue("cameraCommands");
    if (v == null) {
      return NONE;
    }
    if (!(v instanceof JsonObject o)) {
      throw new ConfigException("cameraCommands", "must be an object of named programs, e.g. "
          + "{\"csi-0\": [\"gst-launch-1.0\", \"-q\", \"nvarguscamerasrc\", \"!\", \"nvjpegenc\", \"!\", \"fdsink\"]}");
    }
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String name : o.fieldNames()) {
      String path = "cameraCommands." + name;
      if (!name.matches(LaneConfig.ID_PATTERN)) {
        throw new ConfigException(path, "a command's name is lower-case letters, digits and dashes (at most 40)");
      }
      if (!(o.getValue(name) instanceof JsonArray a) || a.isEmpty()) {
        throw new ConfigException(path, "must be the program and its arguments, e.g. [\"ffmpeg\", \"-i\", ...]");
      }
      List<String> argv = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        if (!(a.getValue(i) instanceof String s) || (i == 0 && s.isBlank()) || s.indexOf('\u0000') >= 0) {
          throw new ConfigException(path + "[" + i + "]", "must be a string (the program first; no shell is used)");
        }
        argv.add(s);
      }
      out.put(name, List.copyOf(argv));
    }
    return new CameraCommands(Map.copyOf(out));
  }

  /**
   * A configuration file written before programs were named: each of its lanes' {@code exec} cameras that writes
   * its program out gets it moved into {@code cameraCommands} as {@code <lane>-camera} (logged), so a device keeps
   * running after the upgrade. Only the file's own lanes: a lane from the browser that writes a program is refused
   * ({@link CameraConfig}). Returns the configuration as it should be read; the given one is not changed.
   */
  public static JsonObject adoptInline(JsonObject raw) {
    if (!(raw.getValue("lanes") instanceof JsonArray lanes)) {
      return raw;
    }
    JsonObject out = null;
    for (int i = 0; i < lanes.size(); i++) {
      if (lanes.getValue(i) instanceof JsonObject lane && lane.getValue("camera") instanceof JsonObject camera
          && camera.getValue("command") instanceof JsonArray argv && lane.getValue("id") instanceof String id
          && id.matches(LaneConfig.ID_PATTERN)) {
        if (out == null) {
          out = raw.copy();
        }
        String name = id + "-camera";
        JsonObject commands = out.getValue("cameraCommands") instanceof JsonObject c ? c : new JsonObject();
        out.put("cameraCommands", commands.put(name, commands.getValue(name, argv.copy())));
        out.getJsonArray("lanes").getJsonObject(i).getJsonObject("camera").put("command", name);
        LOG.warn("lanes[{}].camera.command writes its program out; running it as cameraCommands.{} (move it there in "
            + "the configuration file: a lane names its program)", i, name);
      }
    }
    return out == null ? raw : out;
  }

  /** The program and arguments of the command of this name, or null. */
  public List<String> argv(String name) {
    return name == null ? null : byName.get(name);
  }

  public List<String> names() {
    return byName.keySet().stream().sorted().toList();
  }
}
