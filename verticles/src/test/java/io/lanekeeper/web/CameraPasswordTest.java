package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CameraPasswordTest {

  private static JsonObject lane(String url, String password) {
    return new JsonObject().put("id", "g1").put("camera", new JsonObject().put("type", "rtsp").put("url", url)
        .put("username", "gate").put("password", password));
  }

  @Test
  @DisplayName("A masked camera password is kept for the same camera and refused for a camera at another address")
  void passwordStaysWithItsCamera() {
    JsonObject stored = lane("rtsp://10.0.0.5:554/Streaming/102", "hunter2-cam");
    assertThatCode(() -> LanesApi.passwordStaysWithItsCamera(lane("rtsp://10.0.0.5:554/Streaming/101", "***"),
        stored)).doesNotThrowAnyException();
    assertThatThrownBy(() -> LanesApi.passwordStaysWithItsCamera(lane("rtsp://203.0.113.9:554/Streaming/102", "***"),
        stored)).isInstanceOf(ApiError.class).hasMessageContaining("type its password again");
    assertThatThrownBy(() -> LanesApi.passwordStaysWithItsCamera(lane("rtsp://10.0.0.5:8554/Streaming/102", "***"),
        stored)).isInstanceOf(ApiError.class);
    // a new password typed for the new address is the admin's own choice
    assertThatCode(() -> LanesApi.passwordStaysWithItsCamera(lane("rtsp://203.0.113.9/x", "new-one"), stored))
        .doesNotThrowAnyException();
    // a body not checked yet: no camera object is left to the lane's own check, with its 400
    assertThatCode(() -> LanesApi.passwordStaysWithItsCamera(new JsonObject().put("camera", -1), stored))
        .doesNotThrowAnyException();
  }
}
