package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRequest;
import io.lanekeeper.bus.FrameResult;
import io.lanekeeper.bus.PlateArea;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.synth.SynthCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class AnprVerticleTest {

  @TempDir
  java.nio.file.Path dir;

  @Test
  @io.vertx.junit5.Timeout(value = 60, timeUnit = java.util.concurrent.TimeUnit.SECONDS)
  @DisplayName("A frame is read as its lane's shortest plate says: Jersey's short plates only for a lane below 4")
  void readsAsTheFramesShortestPlate(Vertx vertx, VertxTestContext ctx) throws Exception {
    // Jersey's short plates are a few of its numbers as issued: drawn as often as its long ones here
    int rc = SynthCommand.run(new String[] {"--out", dir.toString(), "--scenes", "12", "--clean", "--profiles", "je",
        "--seed", "6", "--threads", "1", "--lengths", "even"},
        new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
    assertThat(rc).isZero();
    java.util.List<byte[]> frames = new java.util.ArrayList<>();
    java.util.Set<String> shortPlates = new java.util.HashSet<>();
    try (java.util.stream.Stream<java.nio.file.Path> s = java.nio.file.Files.list(dir.resolve("scenes"))) {
      for (java.nio.file.Path jpg : s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList()) {
        frames.add(java.nio.file.Files.readAllBytes(jpg));
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(jpg.toString()
            .replace(".jpg", ".txt")))) {
          String plate = line.split("\t")[5];
          if (plate.length() < 4) {
            shortPlates.add(plate);
          }
        }
      }
    }
    assertThat(shortPlates).as("short plates drawn").isNotEmpty();
    DjlPlateRecognizer recognizer = new DjlPlateRecognizer(TestModels.configOrSkip(new JsonObject()));
    java.util.List<String> byDefault = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<String> ofTwo = new java.util.concurrent.CopyOnWriteArrayList<>();
    Future<Void> all = vertx.deployVerticle(new AnprVerticle(recognizer)).mapEmpty();
    for (int i = 0; i < frames.size(); i++) {
      byte[] frame = frames.get(i);
      String id = "f" + i;
      all = all.compose(v -> read(vertx, id, frame, FrameRequest.DEFAULT_MIN_LENGTH, byDefault))
          .compose(v -> read(vertx, id, frame, 2, ofTwo));
    }
    all.onComplete(ctx.succeeding(v -> ctx.verify(() -> {
      recognizer.close();
      assertThat(byDefault).as("a lane of 4").allSatisfy(p -> assertThat(p.length()).isGreaterThanOrEqualTo(4));
      assertThat(ofTwo).as("a lane of 2, the short plates drawn being %s", shortPlates)
          .containsAnyElementsOf(shortPlates);
      ctx.completeNow();
    })));
  }

  /** One frame through the engine's address as a lane of this shortest plate; its reads' texts into {@code into}. */
  private static Future<Void> read(Vertx vertx, String id, byte[] frame, int minLength,
                                   java.util.List<String> into) {
    FrameRequest f = new FrameRequest("je-lane", id, java.time.Instant.now(), frame, java.util.List.of("JE"), false,
        minLength, PlateArea.ALL);
    return vertx.eventBus().<FrameResult>request(Addresses.ANPR_RECOGNIZE, f)
        .map(reply -> {
          reply.body().reads().stream().map(PlateRead::plate).forEach(into::add);
          return null;
        });
  }

  @Test
  @DisplayName("The engine's health is UP while it can read and DOWN once its recognizer is closed")
  void healthFollowsTheRecognizer(Vertx vertx, VertxTestContext ctx) throws Exception {
    DjlPlateRecognizer recognizer = new DjlPlateRecognizer(TestModels.configOrSkip(new JsonObject()));
    vertx.deployVerticle(new AnprVerticle(recognizer))
        .compose(id -> vertx.eventBus().<JsonObject>request(Addresses.HEALTH_MODEL, new JsonObject()))
        .compose(up -> {
          ctx.verify(() -> assertThat(up.body().getString("status")).isEqualTo("UP"));
          recognizer.close();
          return vertx.eventBus().<JsonObject>request(Addresses.HEALTH_MODEL, new JsonObject());
        })
        .onComplete(ctx.succeeding(down -> ctx.verify(() -> {
          assertThat(down.body().getString("status")).isEqualTo("DOWN");
          assertThat(down.body().getString("engine")).contains("closed");
          ctx.completeNow();
        })));
  }
}
