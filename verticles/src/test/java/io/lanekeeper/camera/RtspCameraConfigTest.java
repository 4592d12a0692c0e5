package io.lanekeeper.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanekeeper.config.CameraConfig;
import io.lanekeeper.config.ConfigException;
import io.lanekeeper.config.Redaction;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RtspCameraConfigTest {

  private static CameraConfig rtsp(JsonObject extra) {
    return CameraConfig.from(new JsonObject().put("type", "rtsp").put("url", "rtsp://10.0.0.5:554/Streaming/102")
        .mergeIn(extra), "camera.");
  }

  @Test
  @DisplayName("The controller builds the ffmpeg command itself, credentials percent-encoded into the URL")
  void commandLine() {
    CameraConfig c = rtsp(new JsonObject().put("username", "gate").put("password", "p@ss:w/rd").put("fps", 4));
    assertThat(new RtspCamera(c).argv()).containsSubsequence("ffmpeg", "-rtsp_transport", "tcp", "-timeout",
        "5000000", "-i", "rtsp://gate:p%40ss%3Aw%2Frd@10.0.0.5:554/Streaming/102", "-xerror", "-an", "-vf", "fps=4",
        "-c:v", "mjpeg", "-threads", "1", "-f", "image2pipe", "-");
    assertThat(c.stallMs()).isEqualTo(5000);
    assertThat(c.plateRegion()).isEqualTo(CameraConfig.DEFAULT_REGION);
    // shown anywhere, the lane's password is masked
    assertThat(Redaction.json(c.toJson()).getString("password")).isEqualTo("***");
    assertThat(new RtspCamera(rtsp(new JsonObject().put("transport", "udp").put("fps", 2.5))).argv())
        .contains("udp", "fps=2.500", "rtsp://10.0.0.5:554/Streaming/102");
  }

  @Test
  @DisplayName("ffmpeg 4 (Ubuntu 22.04, JetPack 6) gets -stimeout: its -timeout would make it listen as a server")
  void ffmpegFourFlags() {
    assertThat(RtspCamera.parseMajor("ffmpeg version 4.4.2-0ubuntu0.22.04.1 Copyright (c) 2000-2021")).isEqualTo(4);
    assertThat(RtspCamera.parseMajor("ffmpeg version 5.1.6-0+deb12u1 Copyright (c) 2000-2024")).isEqualTo(5);
    assertThat(RtspCamera.parseMajor("ffmpeg version N-113000-gabcdef")).isEqualTo(-1);
    RtspCamera c = new RtspCamera(rtsp(new JsonObject()));
    assertThat(c.argv(4)).contains("-stimeout").doesNotContain("-timeout");
    assertThat(c.argv(5)).contains("-timeout").doesNotContain("-stimeout");
    assertThat(c.argv(-1)).contains("-timeout");
  }

  @Test
  @DisplayName("An rtsp camera needs an rtsp:// URL without credentials in it, and sane credentials")
  void refusals() {
    assertThatThrownBy(() -> rtsp(new JsonObject().put("url", "http://cam/x")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("rtsp://");
    assertThatThrownBy(() -> rtsp(new JsonObject().put("url", "rtsp://admin:secret@cam/x")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("username and password")
        .hasMessageNotContaining("secret@");
    assertThatThrownBy(() -> rtsp(new JsonObject().put("password", "a\nb")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("camera.password");
    assertThatThrownBy(() -> rtsp(new JsonObject().put("transport", "http")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("transport");
    assertThatThrownBy(() -> rtsp(new JsonObject().put("fps", 50)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("fps");
  }

  @Test
  @DisplayName("ffmpeg's words for 401, 404 and a dead stream get a sentence an installer can act on")
  void explanations() {
    assertThat(RtspCamera.explain("[rtsp @ 0x55] method DESCRIBE failed: 401 Unauthorized"))
        .startsWith("the camera refused the username or password (401)");
    assertThat(RtspCamera.explain("method DESCRIBE failed: 404 Not Found")).startsWith("the camera has no stream");
    assertThat(RtspCamera.explain("something else")).isEqualTo("something else");
    // a port or an address with 404 in it is no 404
    assertThat(RtspCamera.explain("[tcp @ 0x555ae0f13a00] Connection to tcp://127.0.0.1:40493 failed: Connection "
        + "refused")).startsWith("the camera refused the connection");
  }

  @Test
  @DisplayName("A host that refuses or cannot be found is said so before ffmpeg is started")
  void probe(Vertx vertx, VertxTestContext ctx) throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    RtspCamera refused = new RtspCamera(rtsp(new JsonObject().put("url", "rtsp://127.0.0.1:" + closed + "/x")));
    RtspCamera unknown = new RtspCamera(rtsp(new JsonObject().put("url", "rtsp://no-such-camera.invalid/x")));
    refused.probe(vertx).compose(a -> unknown.probe(vertx).map(b -> new String[] {a, b}))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r[0]).contains("127.0.0.1:" + closed).contains("refused the connection");
          assertThat(r[1]).contains("no-such-camera.invalid");
          ctx.completeNow();
        })));
  }
}
