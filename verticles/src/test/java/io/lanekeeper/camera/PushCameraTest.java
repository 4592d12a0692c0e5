package io.lanekeeper.camera;

import static io.lanekeeper.camera.CameraTesting.LANE;
import static io.lanekeeper.camera.CameraTesting.awaitStatus;
import static io.lanekeeper.camera.CameraTesting.deployCamera;
import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRequest;
import io.lanekeeper.bus.FrameResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class PushCameraTest {

  private static final JsonObject PUSH = new JsonObject().put("type", "push");

  private static Future<Message<FrameResult>> push(Vertx vertx, String frameId) {
    FrameRequest frame = new FrameRequest(LANE, frameId, Instant.now(), TestImages.jpeg(1), List.of());
    return vertx.eventBus().request(Addresses.cameraPush(LANE), frame);
  }

  @Test
  @DisplayName("A pushed frame is forwarded to recognition and its result is the reply")
  void forwardsAndReplies(Vertx vertx, VertxTestContext ctx) {
    FakeAnpr anpr = FakeAnpr.replying(0);
    vertx.deployVerticle(anpr)
        .compose(id -> deployCamera(vertx, PUSH))
        .compose(id -> push(vertx, "p-1"))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.body().frameId()).isEqualTo("p-1");
          assertThat(reply.body().reads()).isEmpty();
          assertThat(anpr.received).singleElement().satisfies(f -> {
            assertThat(f.lane()).isEqualTo(LANE);
            assertThat(f.image()).isEqualTo(TestImages.jpeg(1));
            // a lane that sets no read.minLength asks for plates of four characters or more
            assertThat(f.minLength()).isEqualTo(FrameRequest.DEFAULT_MIN_LENGTH);
          });
          ctx.completeNow();
        })));
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "read.minLength {0}: the engine reads from {1} characters")
  @org.junit.jupiter.params.provider.CsvSource({"2, 2", "6, 4"})
  @DisplayName("A pushed frame asks the engine for the lane's shortest plate where it is below 4, not the pusher's")
  void carriesTheLanesShortestPlate(int laneMinLength, int engineMinLength, Vertx vertx, VertxTestContext ctx) {
    FakeAnpr anpr = FakeAnpr.replying(0);
    // a lane of longer plates still gets the shorter reads: its read floor decides them unreadable, for staff
    io.lanekeeper.config.ReadFloor floor = new io.lanekeeper.config.ReadFloor(0.5, 0.4, laneMinLength);
    FrameRequest pushed = new FrameRequest(LANE, "p-1", Instant.now(), TestImages.jpeg(1), List.of(), false, 9,
        io.lanekeeper.bus.PlateArea.ALL);
    vertx.deployVerticle(anpr)
        .compose(id -> CameraTesting.deployCamera(vertx, PUSH, null, floor))
        .compose(id -> vertx.eventBus().<FrameResult>request(Addresses.cameraPush(LANE), pushed))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(anpr.received).singleElement()
              .satisfies(f -> assertThat(f.minLength()).isEqualTo(engineMinLength));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("With two pushed frames in recognition, a third is refused with 503 and counted as dropped")
  void thirdConcurrentPushIsRefused(Vertx vertx, VertxTestContext ctx) {
    FakeAnpr anpr = FakeAnpr.replying(300);
    vertx.deployVerticle(anpr)
        .compose(id -> deployCamera(vertx, PUSH))
        .onFailure(ctx::failNow)
        .onSuccess(id -> {
          Future<Message<FrameResult>> first = push(vertx, "p-1");
          Future<Message<FrameResult>> second = push(vertx, "p-2");
          Future<Message<FrameResult>> third = push(vertx, "p-3");
          Future.join(first, second, third).onComplete(ar -> {
            ctx.verify(() -> {
              assertThat(first.result().body().frameId()).isEqualTo("p-1");
              assertThat(second.result().body().frameId()).isEqualTo("p-2");
              assertThat(third.cause()).isInstanceOfSatisfying(ReplyException.class, e -> {
                assertThat(e.failureCode()).isEqualTo(503);
                assertThat(e.getMessage()).isEqualTo("recognition busy: frame dropped");
              });
              assertThat(anpr.maxInFlight.get()).isEqualTo(2);
            });
            awaitStatus(vertx, ctx, s -> s.getLong("frames") == 3, s -> {
              assertThat(s.getLong("dropped")).isEqualTo(1);
              assertThat(s.getBoolean("up")).isTrue();
              assertThat(s.getString("source")).isEqualTo("push");
            });
          });
        });
  }

  @Test
  @DisplayName("The engine's refusal of a bad image reaches the pusher with its code and message")
  void engineRefusalPropagates(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(FakeAnpr.refusing(422, "not a JPEG or PNG image"))
        .compose(id -> deployCamera(vertx, PUSH))
        .compose(id -> push(vertx, "bad-1"))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOfSatisfying(ReplyException.class, re -> {
            assertThat(re.failureCode()).isEqualTo(422);
            assertThat(re.getMessage()).isEqualTo("not a JPEG or PNG image");
          });
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("Without a running engine a pushed frame is refused with 503 and counted as an error")
  void noEngine(Vertx vertx, VertxTestContext ctx) {
    deployCamera(vertx, PUSH)
        .compose(id -> push(vertx, "p-1"))
        .onComplete(ctx.failing(e -> {
          ctx.verify(() -> assertThat(((ReplyException) e).failureCode()).isEqualTo(503));
          awaitStatus(vertx, ctx, s -> s.getLong("errors") == 1,
              s -> assertThat(s.getString("lastError")).contains("p-1").contains("not running"));
        }));
  }
}
