package io.lanekeeper.camera;

import static io.lanekeeper.camera.CameraTesting.deployCamera;
import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class ExecCameraTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("A child process writing JPEGs back to back is a camera; when it exits the camera says why and "
      + "starts it again")
  void childProcessFrames(Vertx vertx, VertxTestContext ctx) throws Exception {
    byte[] a = TestImages.jpeg(0);
    byte[] b = TestImages.jpeg(1);
    Files.write(dir.resolve("a.jpg"), a);
    Files.write(dir.resolve("b.jpg"), b);
    // cat stands for gst-launch-1.0 / ffmpeg: JPEG after JPEG on standard output, then the process ends
    JsonArray command = new JsonArray().add("cat").add(dir.resolve("a.jpg").toString()).add(dir.resolve("b.jpg")
        .toString()).add(dir.resolve("missing.jpg").toString());
    FakeAnpr anpr = FakeAnpr.replying(0);
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, m -> {
      String error = m.body().getString("lastError");
      if (error != null && anpr.received.size() >= 2) {
        ctx.verify(() -> {
          assertThat(error).contains("cat exited with 1").contains("missing.jpg").contains("trying again");
          assertThat(anpr.received.stream().map(f -> f.image().length)).contains(b.length);
        });
        ctx.completeNow();
      }
    });
    vertx.deployVerticle(anpr)
        .compose(id -> deployCamera(vertx, new JsonObject().put("type", "exec").put("command", "cat-frames")
            .put("motionThreshold", 0).put("reconnectMs", 200), command))
        .onFailure(ctx::failNow);
  }
}
