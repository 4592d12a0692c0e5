package io.lanekeeper.camera;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * Reads an MJPEG stream over HTTP and reconnects {@code reconnectMs} after it ends or fails. An
 * idle timeout turns a stalled stream (camera hung, cable cut without a reset) into a failure and
 * so into a reconnect.
 */
final class MjpegSource implements FrameSource {

  private static final long CONNECT_TIMEOUT_MS = 5_000;
  private static final long IDLE_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final String url;
  private final long reconnectMs;
  private final int maxPartBytes;
  private HttpClientAgent client;
  private Handler<byte[]> onFrame;
  private Handler<String> onError;
  private long timer = -1;
  private int connection;
  private boolean stopped;

  MjpegSource(Vertx vertx, String url, long reconnectMs, int maxPartBytes) {
    this.vertx = vertx;
    this.url = url;
    this.reconnectMs = reconnectMs;
    this.maxPartBytes = maxPartBytes;
  }

  @Override
  public void start(Handler<byte[]> onFrame, Handler<String> onError) {
    this.onFrame = onFrame;
    this.onError = onError;
    client = vertx.createHttpClient(new HttpClientOptions());
    connect();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return client == null ? Future.succeededFuture() : client.close();
  }

  private void connect() {
    int attempt = ++connection;
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .setConnectTimeout(CONNECT_TIMEOUT_MS).setIdleTimeout(IDLE_TIMEOUT_MS)
        .putHeader("User-Agent", "lanekeeper-camera");
    client.request(options)
        .compose(req -> req.send())
        .onSuccess(resp -> read(resp, attempt))
        .onFailure(e -> lost(attempt, "cannot open MJPEG stream " + url + ": " + e.getMessage()));
  }

  private void read(HttpClientResponse resp, int attempt) {
    if (resp.statusCode() / 100 != 2) {
      resp.request().reset();
      lost(attempt, "MJPEG stream " + url + " answered HTTP " + resp.statusCode());
      return;
    }
    MjpegParser parser = new MjpegParser(MjpegParser.boundaryOf(resp.getHeader("Content-Type")), maxPartBytes,
        frame -> {
          if (!stopped) {
            onFrame.handle(frame);
          }
        });
    resp.handler(buf -> parser.feed(buf.getBytes()));
    resp.exceptionHandler(e -> lost(attempt, "MJPEG stream " + url + " failed: " + e.getMessage()));
    resp.endHandler(v -> lost(attempt, "MJPEG stream " + url + " ended after " + parser.frames() + " frames"));
  }

  /** Reports the loss once per connection, however many callbacks tell of it, and reconnects. */
  private void lost(int attempt, String why) {
    if (stopped || attempt != connection || timer >= 0) {
      return;
    }
    onError.handle(why + " (reconnecting in " + reconnectMs + " ms)");
    timer = vertx.setTimer(reconnectMs, id -> {
      timer = -1;
      connect();
    });
  }
}
