package io.lanekeeper.camera;

import static io.lanekeeper.camera.CameraTesting.LANE;
import static io.lanekeeper.camera.CameraTesting.awaitStatus;
import static io.lanekeeper.camera.CameraTesting.deployCamera;
import static io.lanekeeper.camera.CameraTesting.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.Checkpoint;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class FolderCameraTest {

  @TempDir
  Path dir;

  private JsonObject folderCamera(double fps, boolean loop, double motionThreshold) {
    return new JsonObject().put("type", "folder").put("path", dir.toString()).put("fps", fps).put("loop", loop)
        .put("motionThreshold", motionThreshold).put("reconnectMs", 200);
  }

  @Test
  @DisplayName("A folder is replayed in name order at about the configured rate, and loops")
  void replaysAtRateAndLoops(Vertx vertx, VertxTestContext ctx) {
    List<byte[]> images = List.of(TestImages.jpeg(0), TestImages.jpeg(1), TestImages.jpeg(2));
    write(dir.resolve("b.jpg"), images.get(1));
    write(dir.resolve("a.jpg"), images.get(0));
    write(dir.resolve("c.JPEG"), images.get(2));
    write(dir.resolve("notes.txt"), new byte[] {1, 2, 3});
    FakeAnpr anpr = FakeAnpr.replying(0);
    anpr.onRequest(f -> {
      if (anpr.received.size() == 8) {
        ctx.verify(() -> {
          List<FrameRequest> got = anpr.received;
          for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).image()).as("frame %d", i).isEqualTo(images.get(i % 3));
            assertThat(got.get(i).lane()).isEqualTo(LANE);
          }
          long ms = Duration.between(got.get(0).capturedAt(), got.get(7).capturedAt()).toMillis();
          // 7 periods of 100 ms; the upper bound only guards against a stalled replay on a busy machine
          assertThat(ms).isBetween(600L, 2500L);
          assertThat(got).extracting(FrameRequest::frameId).doesNotHaveDuplicates();
        });
        ctx.completeNow();
      }
    });

    vertx.deployVerticle(anpr)
        .compose(id -> deployCamera(vertx, folderCamera(10, true, 0)))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Identical frames are skipped by motion gating while a changed one passes, read as the lane's plates")
  void motionGating(Vertx vertx, VertxTestContext ctx) {
    byte[] still = TestImages.png(TestImages.withRect(100, 100, 80, 60));
    byte[] moved = TestImages.png(TestImages.withRect(300, 200, 80, 60));
    write(dir.resolve("1.png"), still);
    write(dir.resolve("2.png"), still);
    write(dir.resolve("3.png"), still);
    write(dir.resolve("4.png"), moved);
    FakeAnpr anpr = FakeAnpr.replying(0);

    vertx.deployVerticle(anpr)
        .compose(id -> deployCamera(vertx, folderCamera(10, false, 0.01), null,
            new io.lanekeeper.config.ReadFloor(0.5, 0.4, 3)))
        .onFailure(ctx::failNow);

    awaitStatus(vertx, ctx, s -> s.getLong("skippedNoMotion") == 2 && anpr.received.size() == 2, s -> {
      assertThat(s.getLong("frames")).isEqualTo(4);
      assertThat(s.getLong("dropped")).isZero();
      assertThat(anpr.received.get(0).image()).isEqualTo(still);
      assertThat(anpr.received.get(1).image()).isEqualTo(moved);
      // the lane's read.minLength travels with each frame: the engine reads no plate shorter than the lane's
      assertThat(anpr.received).allSatisfy(f -> assertThat(f.minLength()).isEqualTo(3));
    });
  }

  @Test
  @DisplayName("With a slow engine one frame is in recognition at a time and the newest frame goes next")
  void latestFrameWins(Vertx vertx, VertxTestContext ctx) {
    for (int i = 0; i < 6; i++) {
      write(dir.resolve("f" + i + ".jpg"), TestImages.jpeg(i));
    }
    FakeAnpr anpr = FakeAnpr.replying(400);
    anpr.onRequest(f -> {
      if (anpr.received.size() == 4) {
        ctx.verify(() -> {
          assertThat(anpr.maxInFlight.get()).isEqualTo(1);
          for (int i = 1; i < 4; i++) {
            long sent = anpr.received.get(i).capturedAt().toEpochMilli();
            // frames come every 50 ms: the one sent after a reply is at most a frame or two older than the reply
            // (a queue would send one about 350 ms older)
            assertThat(sent).as("frame %d captured vs. previous reply", i)
                .isGreaterThan(anpr.answeredAt.get(i - 1) - 150);
          }
        });
        awaitStatus(vertx, ctx, s -> s.getLong("dropped") >= 6, s -> {
          assertThat(s.getLong("frames")).isGreaterThanOrEqualTo(s.getLong("dropped") + 4);
          assertThat(s.getLong("errors")).isZero();
        });
      }
    });

    vertx.deployVerticle(anpr)
        .compose(id -> deployCamera(vertx, folderCamera(20, true, 0)))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("Camera status is published with the lane, the source and its counters")
  void statusPublished(Vertx vertx, VertxTestContext ctx) {
    for (int i = 0; i < 3; i++) {
      write(dir.resolve("f" + i + ".jpg"), TestImages.jpeg(i));
    }
    vertx.deployVerticle(FakeAnpr.replying(0))
        .compose(id -> deployCamera(vertx, folderCamera(20, true, 0.001)))
        .onFailure(ctx::failNow);

    awaitStatus(vertx, ctx, s -> s.getLong("frames") >= 10 && s.getDouble("fps") > 0, s -> {
      assertThat(s.getString("source")).isEqualTo("folder");
      assertThat(s.getBoolean("up")).isTrue();
      assertThat(s.getString("lastFrameAt")).isNotNull();
      assertThat(s.getDouble("fps")).isBetween(5.0, 30.0);
      assertThat(s.getLong("errors")).isZero();
      assertThat(s.containsKey("skippedNoMotion")).isTrue();
    });
  }

  @Test
  @DisplayName("A missing folder is an error in the status, and the camera starts once images appear")
  void missingFolder(Vertx vertx, VertxTestContext ctx) {
    Path missing = dir.resolve("later");
    JsonObject camera = folderCamera(10, true, 0).put("path", missing.toString());
    vertx.deployVerticle(FakeAnpr.replying(0))
        .compose(id -> deployCamera(vertx, camera))
        .onFailure(ctx::failNow);

    Checkpoint reportedDown = ctx.checkpoint();
    AtomicBoolean created = new AtomicBoolean();
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, msg -> {
      JsonObject s = msg.body();
      if (!created.get() && !s.getBoolean("up") && s.getLong("errors") > 0) {
        ctx.verify(() -> assertThat(s.getString("lastError")).contains("cannot list folder"));
        created.set(true);
        vertx.fileSystem().mkdir(missing.toString())
            .compose(v -> vertx.fileSystem().writeFile(missing.resolve("a.jpg").toString(),
                Buffer.buffer(TestImages.jpeg(0))))
            .onSuccess(v -> reportedDown.flag())
            .onFailure(ctx::failNow);
      } else if (created.get() && s.getBoolean("up") && s.getLong("frames") > 0) {
        ctx.completeNow();
      }
    });
  }
}
