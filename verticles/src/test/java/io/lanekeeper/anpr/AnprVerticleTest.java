package io.lanekeeper.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AnprVerticleTest {

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
