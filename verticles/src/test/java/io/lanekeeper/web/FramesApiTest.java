package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRequest;
import io.lanekeeper.bus.FrameResult;
import io.lanekeeper.bus.LocalCodec;
import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("db")
@ExtendWith(VertxExtension.class)
@DisplayName("Frames pushed over HTTP")
class FramesApiTest {

  private static final long MAX_FRAME = 4096;

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();
  private WebClient client;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    LocalCodec.register(vertx);
    WebTesting.deploy(vertx, WebTesting.config(db.target(), MAX_FRAME, "lane-1"))
        .compose(web -> WebTesting.login(vertx, web, db.target(), "admin"))
        .onComplete(ctx.succeeding(c -> {
          client = c;
          ctx.completeNow();
        }));
  }

  /** A camera of one lane that answers every pushed frame with one read, or with a refusal. */
  private static final class FakeCamera extends VerticleBase {
    final AtomicReference<FrameRequest> last = new AtomicReference<>();
    private final int failWith;

    FakeCamera(int failWith) {
      this.failWith = failWith;
    }

    @Override
    public Future<?> start() {
      return vertx.eventBus().<FrameRequest>consumer(Addresses.cameraPush("lane-1"), m -> {
        last.set(m.body());
        if (failWith > 0) {
          m.fail(failWith, "refused by the fake camera");
          return;
        }
        FrameRequest f = m.body();
        m.reply(new FrameResult(f.lane(), f.frameId(), List.of(WebTesting.read("lane-1", "ABC1234")), 12_000));
      }).completion();
    }
  }

  private Future<HttpResponse<Buffer>> push(String lane, String type, byte[] body) {
    return client.post("/api/lanes/" + lane + "/frames").putHeader("Content-Type", type)
        .sendBuffer(Buffer.buffer(body));
  }

  @Test
  @DisplayName("A pushed JPEG reaches the lane's camera and the reply carries its reads")
  void forwarded(Vertx vertx, VertxTestContext ctx) {
    FakeCamera camera = new FakeCamera(0);
    vertx.deployVerticle(camera)
        .compose(id -> push("lane-1", "image/jpeg", WebTesting.JPEG))
        .onComplete(ctx.succeeding(r -> ctx.verify(() -> {
          assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
          JsonObject body = r.bodyAsJsonObject();
          FrameRequest sent = camera.last.get();
          assertThat(sent.lane()).isEqualTo("lane-1");
          assertThat(sent.image()).isEqualTo(WebTesting.JPEG);
          assertThat(sent.formats()).containsExactly("br");
          assertThat(body.getString("frameId")).isEqualTo(sent.frameId());
          JsonObject read = body.getJsonArray("reads").getJsonObject(0);
          assertThat(read.getString("plate")).isEqualTo("ABC1234");
          assertThat(read.getJsonArray("box")).containsExactly(10, 20, 120, 30);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("An unknown lane is a 404, and text or bytes that are no image are a 415")
  void refusedBeforeRecognition(Vertx vertx, VertxTestContext ctx) {
    FakeCamera camera = new FakeCamera(0);
    vertx.deployVerticle(camera)
        .compose(id -> Future.all(
            push("lane-9", "image/jpeg", WebTesting.JPEG),
            push("lane-1", "text/plain", "hello".getBytes()),
            push("lane-1", "application/octet-stream", "GIF89a....".getBytes()),
            push("lane-1", "image/png", new byte[0])))
        .onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          HttpResponse<Buffer> unknown = all.resultAt(0);
          assertThat(unknown.statusCode()).isEqualTo(404);
          assertThat(unknown.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
          for (int i = 1; i < 4; i++) {
            HttpResponse<Buffer> r = all.resultAt(i);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(415);
            assertThat(r.bodyAsJsonObject().getString("message")).isNotBlank();
          }
          assertThat(camera.last.get()).isNull();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("A body over the frame limit is a JSON 413, and the server still takes the next frame")
  void tooLarge(Vertx vertx, VertxTestContext ctx) {
    byte[] big = new byte[(int) MAX_FRAME * 4];
    System.arraycopy(WebTesting.JPEG, 0, big, 0, WebTesting.JPEG.length);
    vertx.deployVerticle(new FakeCamera(0))
        .compose(id -> push("lane-1", "image/jpeg", big))
        .compose(r -> {
          ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(413);
            assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("too_large");
            assertThat(r.bodyAsJsonObject().getString("message")).contains("4096");
          });
          return push("lane-1", "image/jpeg", WebTesting.JPEG);
        })
        .onComplete(ctx.succeeding(next -> ctx.verify(() -> {
          assertThat(next.statusCode()).isEqualTo(200);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("The engine's refusal of an undecodable image becomes a 422, and a busy engine a 503")
  void refusedByTheEngine(Vertx vertx, VertxTestContext ctx) {
    vertx.deployVerticle(new FakeCamera(422))
        .compose(refusing -> push("lane-1", "image/jpeg", WebTesting.JPEG).compose(r -> {
          ctx.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.bodyAsJsonObject().getString("message")).isEqualTo("refused by the fake camera");
          });
          return vertx.undeploy(refusing);
        }))
        .compose(v -> vertx.deployVerticle(new FakeCamera(503)))
        .compose(id -> push("lane-1", "image/jpeg", WebTesting.JPEG))
        .onComplete(ctx.succeeding(busy -> ctx.verify(() -> {
          assertThat(busy.statusCode()).isEqualTo(503);
          assertThat(busy.bodyAsJsonObject().getString("error")).isEqualTo("recognition_busy");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("Without a camera on the lane, a pushed frame is a 503")
  void noCamera(VertxTestContext ctx) {
    push("lane-1", "image/jpeg", WebTesting.JPEG).onComplete(ctx.succeeding(r -> ctx.verify(() -> {
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("camera_unavailable");
      ctx.completeNow();
    })));
  }
}
