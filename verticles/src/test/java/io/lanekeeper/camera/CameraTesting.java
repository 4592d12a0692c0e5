package io.lanekeeper.camera;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.CameraConfig;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.LaneGate;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Deploys a camera the way the application does, from a validated lane configuration. */
final class CameraTesting {

  static final String LANE = "entry-1";

  private CameraTesting() {
  }

  static Future<String> deployCamera(Vertx vertx, JsonObject camera) {
    return deployCamera(vertx, camera, null);
  }

  /** An exec camera, with the program the controller resolved from the configuration file's cameraCommands. */
  static Future<String> deployCamera(Vertx vertx, JsonObject camera, io.vertx.core.json.JsonArray execArgv) {
    return deployCamera(vertx, camera, execArgv, io.lanekeeper.config.ReadFloor.DEFAULT);
  }

  /** As {@link #deployCamera(Vertx, JsonObject, io.vertx.core.json.JsonArray)}, the lane deciding at this floor. */
  static Future<String> deployCamera(Vertx vertx, JsonObject camera, io.vertx.core.json.JsonArray execArgv,
                                     io.lanekeeper.config.ReadFloor read) {
    LaneConfig lane = new LaneConfig(LANE, LANE, "entry", 1, List.of(), false, CameraConfig.from(camera, "camera."),
        LaneGate.from(new JsonObject(), "", GateConfig.from(new JsonObject())),
        true, null, false, "all", read);
    return vertx.deployVerticle(new CameraVerticle(CameraSetup.of(lane, execArgv == null ? List.of()
        : execArgv.stream().map(String::valueOf).toList())));
  }

  /** Runs {@code verify} on the first status of the lane that matches, then completes the test. */
  static MessageConsumer<JsonObject> awaitStatus(Vertx vertx, VertxTestContext ctx, Predicate<JsonObject> until,
                                                 Consumer<JsonObject> verify) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.CAMERA_STATUS);
    consumer.handler(msg -> {
      JsonObject status = msg.body();
      if (LANE.equals(status.getString("lane")) && until.test(status)) {
        consumer.unregister();
        ctx.verify(() -> verify.accept(status));
        ctx.completeNow();
      }
    });
    return consumer;
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
