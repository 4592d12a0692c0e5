package io.lanekeeper.camera;

import static io.lanekeeper.camera.CameraTesting.awaitStatus;
import static io.lanekeeper.camera.CameraTesting.deployCamera;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Snapshot polling and MJPEG streams against a local Vert.x HTTP server on a free port. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 20, timeUnit = TimeUnit.SECONDS)
class HttpCameraTest {

  private static final byte[] PNG = TestImages.png(TestImages.withRect(50, 50, 80, 60));
  private static final byte[] JPEG = TestImages.jpeg(TestImages.withRect(300, 200, 80, 60));
  private static final List<byte[]> STREAM = List.of(TestImages.jpeg(0), TestImages.jpeg(1), TestImages.jpeg(2));

  private static Future<HttpServer> serve(Vertx vertx, io.vertx.core.Handler<HttpServerRequest> handler) {
    return vertx.createHttpServer().requestHandler(handler).listen(0, "127.0.0.1");
  }

  private static String url(HttpServer server, String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  @Test
  @DisplayName("A snapshot camera polls PNG and JPEG frames, counts a server error and a non-image, and backs off")
  void snapshotPolling(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger requests = new AtomicInteger();
    List<Long> requestedAt = new CopyOnWriteArrayList<>();
    FakeAnpr anpr = FakeAnpr.replying(0);
    Future<HttpServer> server = serve(vertx, req -> {
      requestedAt.add(System.currentTimeMillis());
      HttpServerResponse resp = req.response();
      switch (requests.incrementAndGet()) {
        case 1 -> resp.setStatusCode(500).end("camera busy");
        case 2 -> resp.putHeader("Content-Type", "text/html").end("<html>login</html>");
        default -> {
          boolean png = requests.get() % 2 == 1;
          resp.putHeader("Content-Type", png ? "image/png" : "image/jpeg").end(Buffer.buffer(png ? PNG : JPEG));
        }
      }
    });
    server.compose(s -> vertx.deployVerticle(anpr))
        .compose(id -> deployCamera(vertx, new JsonObject().put("type", "snapshot")
            .put("url", url(server.result(), "/snapshot.jpg")).put("intervalMs", 100).put("motionThreshold", 0)))
        .onFailure(ctx::failNow);

    awaitStatus(vertx, ctx, s -> anpr.received.size() >= 2 && s.getLong("frames") >= 2, s -> {
      assertThat(s.getLong("errors")).isEqualTo(2);
      // up again: the errors are counted, and no longer shown as the camera's state
      assertThat(s.getString("lastError")).isNull();
      assertThat(s.getBoolean("up")).isTrue();
      assertThat(anpr.received).anySatisfy(f -> assertThat(f.image()).isEqualTo(PNG));
      assertThat(anpr.received).anySatisfy(f -> assertThat(f.image()).isEqualTo(JPEG));
      // two failures: the interval doubles twice, then falls back to 100 ms
      assertThat(requestedAt.get(1) - requestedAt.get(0)).isGreaterThanOrEqualTo(190);
      assertThat(requestedAt.get(2) - requestedAt.get(1)).isGreaterThanOrEqualTo(390);
    });
  }

  @Test
  @DisplayName("An MJPEG camera reads frames split across chunks and reconnects when the stream ends")
  void mjpegStream(Vertx vertx, VertxTestContext ctx) {
    AtomicInteger connections = new AtomicInteger();
    FakeAnpr anpr = FakeAnpr.replying(0);
    Future<HttpServer> server = serve(vertx, req -> {
      connections.incrementAndGet();
      HttpServerResponse resp = req.response().setChunked(true)
          .putHeader("Content-Type", "multipart/x-mixed-replace; boundary=frame");
      writeParts(vertx, resp, 0);
    });
    server.compose(s -> vertx.deployVerticle(anpr))
        .compose(id -> deployCamera(vertx, new JsonObject().put("type", "mjpeg")
            .put("url", url(server.result(), "/video.mjpg")).put("reconnectMs", 200).put("motionThreshold", 0)))
        .onFailure(ctx::failNow);

    awaitStatus(vertx, ctx, s -> anpr.received.size() >= 4 && connections.get() >= 2, s -> {
      assertThat(anpr.received).allSatisfy(
          f -> assertThat(STREAM.stream().anyMatch(img -> Arrays.equals(img, f.image()))).isTrue());
      assertThat(s.getLong("errors")).isGreaterThanOrEqualTo(1);
      // shown while down, cleared by the next frame
      if (s.getBoolean("up")) {
        assertThat(s.getString("lastError")).isNull();
      } else {
        assertThat(s.getString("lastError")).contains("ended");
      }
    });
  }

  /** One part every 60 ms, each written in two chunks cut inside the JPEG, then the end of the stream. */
  private static void writeParts(Vertx vertx, HttpServerResponse resp, int i) {
    if (i == STREAM.size()) {
      resp.end("--frame--\r\n");
      return;
    }
    byte[] jpeg = STREAM.get(i);
    Buffer part = Buffer.buffer("--frame\r\nContent-Type: image/jpeg\r\n\r\n").appendBytes(jpeg).appendString("\r\n");
    int cut = 40 + 97 * i;
    resp.write(part.getBuffer(0, cut));
    resp.write(part.getBuffer(cut, part.length()));
    vertx.setTimer(60, id -> writeParts(vertx, resp, i + 1));
  }
}
