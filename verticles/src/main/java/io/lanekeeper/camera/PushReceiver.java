package io.lanekeeper.camera;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRequest;
import io.lanekeeper.bus.FrameResult;
import io.lanekeeper.bus.PlateArea;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Frames pushed over HTTP, one request each. The pusher (a camera's motion trigger, a loop
 * detector) already chose these frames, so they are not motion gated; but a pusher can send faster
 * than the engine reads, so beyond {@link #MAX_IN_FLIGHT} frames in recognition the request fails
 * with 503 at once: the caller learns the frame was dropped instead of waiting in a queue.
 */
final class PushReceiver {

  static final int MAX_IN_FLIGHT = 2;
  static final String BUSY = "recognition busy: frame dropped";

  private final Vertx vertx;
  private final String lane;
  private final List<String> formats;
  private final boolean strictFormats;
  private final int minLength;
  private final PlateArea area;
  private final CameraStats stats;
  private final Supplier<String> frameIds;
  private final DeliveryOptions toEngine;
  private final ThrottledLog log;
  private final java.util.function.Consumer<FrameRequest> onRecognize;
  private MessageConsumer<Object> consumer;
  private int inFlight;

  PushReceiver(Vertx vertx, String lane, List<String> formats, boolean strictFormats, int minLength, PlateArea area,
               CameraStats stats,
               Supplier<String> frameIds, long timeoutMs, ThrottledLog log,
               java.util.function.Consumer<FrameRequest> onRecognize) {
    this.vertx = vertx;
    this.lane = lane;
    this.formats = formats;
    this.strictFormats = strictFormats;
    this.minLength = minLength;
    this.area = area;
    this.stats = stats;
    this.frameIds = frameIds;
    this.toEngine = new DeliveryOptions().setSendTimeout(timeoutMs);
    this.log = log;
    this.onRecognize = onRecognize;
  }

  Future<Void> start() {
    consumer = vertx.eventBus().localConsumer(Addresses.cameraPush(lane), this::onPush);
    return consumer.completion().onSuccess(v -> stats.up = true);
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  private void onPush(Message<Object> msg) {
    if (!(msg.body() instanceof FrameRequest pushed)) {
      msg.fail(400, "expected a FrameRequest on " + Addresses.cameraPush(lane));
      return;
    }
    stats.frameArrived(Instant.now());
    if (inFlight >= MAX_IN_FLIGHT) {
      stats.dropped++;
      msg.fail(503, BUSY);
      return;
    }
    FrameRequest frame = withLaneDefaults(pushed);
    onRecognize.accept(frame);
    inFlight++;
    stats.handed++;
    vertx.eventBus().<FrameResult>request(Addresses.ANPR_RECOGNIZE, frame, toEngine).onComplete(ar -> {
      inFlight--;
      if (ar.succeeded()) {
        msg.reply(ar.result().body());
      } else {
        failed(msg, frame, ar.cause());
      }
    });
  }

  /** The web side may not give an id or a time; the lane's own formats, shortest plate and area always apply. */
  private FrameRequest withLaneDefaults(FrameRequest f) {
    return new FrameRequest(lane, f.frameId() == null ? frameIds.get() : f.frameId(),
        f.capturedAt() == null ? Instant.now() : f.capturedAt(), f.image(), formats, strictFormats, minLength, area);
  }

  /** Passes the engine's refusal on with its code, so that a 4xx for a bad image reaches the HTTP caller. */
  private void failed(Message<Object> msg, FrameRequest frame, Throwable cause) {
    int code = 500;
    String message = cause.getMessage();
    if (cause instanceof ReplyException re) {
      switch (re.failureType()) {
        case NO_HANDLERS -> {
          code = 503;
          message = "recognition is not running";
        }
        case TIMEOUT -> {
          code = 504;
          message = "recognition timed out";
        }
        default -> code = re.failureCode();
      }
    }
    stats.error("recognition of pushed frame " + frame.frameId() + " failed (" + code + "): " + message);
    log.warn("Lane {}: recognition of pushed frame {} failed ({}): {}", lane, frame.frameId(), code, message);
    msg.fail(code, message);
  }
}
