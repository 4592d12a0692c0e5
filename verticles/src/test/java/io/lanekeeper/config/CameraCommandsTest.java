package io.lanekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CameraCommandsTest {

  private static JsonObject site(Object command) {
    return new JsonObject()
        .put("cameraCommands", new JsonObject().put("csi-0", new JsonArray().add("gst-launch-1.0").add("-q")))
        .put("lanes", new JsonArray().add(new JsonObject().put("id", "e1")
            .put("camera", new JsonObject().put("type", "exec").put("command", command))));
  }

  @Test
  @DisplayName("An exec camera names one of the file's cameraCommands; the controller resolves the program")
  void named() {
    AppConfig app = AppConfig.from(site("csi-0"));
    assertThat(app.lanes().getFirst().camera().command()).isEqualTo("csi-0");
    assertThat(app.cameraCommands().argv("csi-0")).isEqualTo(List.of("gst-launch-1.0", "-q"));
    assertThat(app.cameraCommands().names()).containsExactly("csi-0");
  }

  @Test
  @DisplayName("A file written before programs were named still starts: the lane's program becomes <lane>-camera")
  void olderFileAdopted() {
    AppConfig app = AppConfig.from(site(new JsonArray().add("ffmpeg").add("-i").add("rtsp://cam/live")));
    assertThat(app.lanes().getFirst().camera().command()).isEqualTo("e1-camera");
    assertThat(app.cameraCommands().argv("e1-camera")).containsExactly("ffmpeg", "-i", "rtsp://cam/live");
    assertThat(app.cameraCommands().names()).containsExactly("csi-0", "e1-camera");
  }

  @Test
  @DisplayName("A lane from the browser that writes a program, or a name the file does not list, is refused naming "
      + "the key")
  void refused() {
    assertThatThrownBy(() -> LaneConfig.from(site(new JsonArray().add("/bin/sh").add("-c").add("id"))
        .getJsonArray("lanes").getJsonObject(0), "lane."))
        .isInstanceOf(ConfigException.class).hasMessageContaining("lane.camera.command")
        .hasMessageContaining("cameraCommands");
    assertThatThrownBy(() -> AppConfig.from(site("sh")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("no program named 'sh'")
        .hasMessageContaining("csi-0");
    assertThatThrownBy(() -> AppConfig.from(site("csi-0").put("cameraCommands", new JsonObject()
        .put("csi-0", new JsonArray()))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cameraCommands.csi-0");
    assertThatThrownBy(() -> AppConfig.from(site("csi-0").put("cameraCommands", "gst-launch-1.0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cameraCommands");
  }
}
