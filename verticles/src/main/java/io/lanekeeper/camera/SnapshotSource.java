package io.lanekeeper.camera;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * Polls a camera's still-image URL. The next request is scheduled when the previous one is over,
 * so a slow camera is never asked twice at once; after failures the interval doubles up to
 * {@link #MAX_BACKOFF_MS} so a dead camera is not hammered, and drops back at the first success.
 */
final class SnapshotSource implements FrameSource {

  static final long MAX_BACKOFF_MS = 30_000;
  private static final long MIN_TIMEOUT_MS = 2_000;
  private static final long MAX_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final String url;
  private final long intervalMs;
  private WebClient client;
  private Handler<byte[]> onFrame;
  private Handler<String> onError;
  private long delayMs;
  private long timer = -1;
  private boolean stopped;
  private int burstLeft;

  SnapshotSource(Vertx vertx, String url, long intervalMs) {
    this.vertx = vertx;
    this.url = url;
    this.intervalMs = intervalMs;
    this.delayMs = intervalMs;
  }

  @Override
  public void start(Handler<byte[]> onFrame, Handler<String> onError) {
    this.onFrame = onFrame;
    this.onError = onError;
    client = WebClient.create(vertx, new WebClientOptions()
        .setUserAgent("lanekeeper-camera")
        .setConnectTimeout((int) timeoutMs()));
    poll();
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (client != null) {
      client.close();
    }
    return Future.succeededFuture();
  }

  /** Long enough for a camera that encodes slowly, short enough to notice a dead one within a few polls. */
  private long timeoutMs() {
    return Math.max(MIN_TIMEOUT_MS, Math.min(MAX_TIMEOUT_MS, 4 * intervalMs));
  }

  private void poll() {
    client.getAbs(url).timeout(timeoutMs()).send().onComplete(ar -> {
      if (stopped) {
        return;
      }
      String problem = ar.failed() ? "snapshot " + url + " failed: " + ar.cause().getMessage() : check(ar.result());
      if (problem == null) {
        delayMs = intervalMs;
        onFrame.handle(ar.result().body().getBytes());
      } else {
        delayMs = Math.min(MAX_BACKOFF_MS, Math.max(intervalMs, delayMs * 2));
        onError.handle(problem + " (next try in " + delayMs + " ms)");
      }
      long next = delayMs;
      if (burstLeft > 0 && problem == null) {
        burstLeft--;
        next = 1;
      }
      timer = vertx.setTimer(next, id -> {
        timer = -1;
        poll();
      });
    });
  }

  /** Polls at once and then back to back for the burst, then at the usual interval. */
  @Override
  public void burst(int frames) {
    burstLeft = Math.max(burstLeft, frames - 1);
    if (timer >= 0 && !stopped) {
      vertx.cancelTimer(timer);
      timer = -1;
      poll();
    }
  }

  /** Why the response is not a usable frame, or null when it is one. */
  private String check(HttpResponse<Buffer> resp) {
    if (resp.statusCode() / 100 != 2) {
      return "snapshot " + url + " answered HTTP " + resp.statusCode();
    }
    Buffer body = resp.body();
    if (body == null || !Images.looksLikeImage(body.getBytes())) {
      return "snapshot " + url + " did not return a JPEG or PNG image (Content-Type "
          + resp.getHeader("Content-Type") + ")";
    }
    return null;
  }
}
