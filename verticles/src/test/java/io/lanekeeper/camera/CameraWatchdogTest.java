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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class CameraWatchdogTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("A camera that goes silent with its connection open is DOWN within stallMs and started afresh; an "
      + "outage that lasts is alerted once, and its end once")
  void silentCameraIsRestarted(Vertx vertx, VertxTestContext ctx) throws Exception {
    Files.write(dir.resolve("a.jpg"), TestImages.jpeg(0));
    Path starts = dir.resolve("starts");
    Path given = dir.resolve("given");
    Path block = dir.resolve("block");
    Files.writeString(block, "");
    // one frame, then silence with the pipe open: a frozen stream that ffmpeg's own timeout does not see; while the
    // block file is there, the starts after the first give nothing at all
    JsonArray command = new JsonArray().add("sh").add("-c").add("echo start >> '" + starts + "'; if [ -e '" + block
        + "' ] && [ -s '" + given + "' ]; then exec sleep 60; fi; echo x >> '" + given + "'; cat '"
        + dir.resolve("a.jpg") + "'; exec sleep 60");
    FakeAnpr anpr = FakeAnpr.replying(0);
    List<JsonObject> alerts = new CopyOnWriteArrayList<>();
    List<JsonObject> statuses = new CopyOnWriteArrayList<>();
    long t0 = System.currentTimeMillis();
    long[] downAt = {-1};
    vertx.eventBus().<JsonObject>consumer(Addresses.ALERT, m -> {
      alerts.add(m.body());
      if (m.body().getString("level").equals("critical")) {
        // the camera is back in order: the next start gives a frame
        ctx.verify(() -> Files.deleteIfExists(block));
      }
    });
    vertx.eventBus().<JsonObject>consumer(Addresses.CAMERA_STATUS, m -> {
      statuses.add(m.body());
      if (!m.body().getBoolean("up") && downAt[0] < 0 && m.body().getLong("frames") > 0) {
        downAt[0] = System.currentTimeMillis() - t0;
      }
      if (alerts.size() >= 2) {
        ctx.verify(() -> {
          assertThat(alerts).extracting(a -> a.getString("level")).containsExactly("critical", "ok");
          assertThat(alerts.getFirst().getString("message")).contains("lane " + CameraTesting.LANE)
              .contains("no ").contains("frame");
          assertThat(alerts.get(1).getString("message")).contains("gives frames again");
          assertThat(downAt[0]).as("ms to DOWN after a frame at start, stallMs 1500").isBetween(1500L, 4000L);
          assertThat(statuses).anySatisfy(s -> assertThat(s.getString("lastError"))
              .contains("starting the exec source again"));
          assertThat(Files.readAllLines(starts).size()).isGreaterThanOrEqualTo(3);
          assertThat(anpr.received.size()).isGreaterThanOrEqualTo(2);
          assertThat(m.body().getBoolean("up")).isTrue();
          assertThat(m.body().getString("lastError")).isNull();
        });
        ctx.completeNow();
      }
    });
    vertx.deployVerticle(anpr)
        .compose(id -> deployCamera(vertx, new JsonObject().put("type", "exec").put("command", "one-frame")
            .put("motionThreshold", 0).put("reconnectMs", 200).put("stallMs", 1500), command))
        .onFailure(ctx::failNow);
  }

  @Test
  @DisplayName("After a stall, the burst of held-back frames is dropped but for its last; the usual pace passes")
  void staleBurstDropped(Vertx vertx, VertxTestContext ctx) {
    List<Integer> out = new CopyOnWriteArrayList<>();
    vertx.runOnContext(v -> {
      CatchUp c = new CatchUp(vertx, f -> out.add((int) f[0]));
      long t = 0;
      for (int i = 0; i < 10; i++) {   // 5 fps
        c.offer(new byte[] {(byte) i}, t);
        t += 200;
      }
      t += 3000;   // frozen
      for (int i = 10; i < 60; i++) {   // what it held back, all at once
        c.offer(new byte[] {(byte) i}, t++);
      }
      vertx.setTimer(400, x -> {
        long after = 3000 + 10 * 200 + 50 + 200;
        c.offer(new byte[] {(byte) 60}, after);
        c.offer(new byte[] {(byte) 61}, after + 200);
        ctx.verify(() -> {
          List<Integer> want = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 59, 60, 61));
          assertThat(out).containsExactlyElementsOf(want);
          assertThat(c.stale()).isEqualTo(49);
        });
        ctx.completeNow();
      });
    });
  }
}
