package io.lanekeeper.camera;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.FrameRequest;
import io.lanekeeper.bus.FrameResult;
import io.lanekeeper.bus.LocalCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Stands in for the ANPR worker: answers every frame with no reads, after an optional delay, or refuses it. */
final class FakeAnpr extends VerticleBase {

  final List<FrameRequest> received = new CopyOnWriteArrayList<>();
  /** When each reply (or refusal) was sent, in milliseconds, in the order of {@link #received}. */
  final List<Long> answeredAt = new CopyOnWriteArrayList<>();
  final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final long delayMs;
  private final int failCode;
  private final String failMessage;
  private volatile Consumer<FrameRequest> onRequest = f -> { };

  private FakeAnpr(long delayMs, int failCode, String failMessage) {
    this.delayMs = delayMs;
    this.failCode = failCode;
    this.failMessage = failMessage;
  }

  static FakeAnpr replying(long delayMs) {
    return new FakeAnpr(delayMs, 0, null);
  }

  static FakeAnpr refusing(int code, String message) {
    return new FakeAnpr(0, code, message);
  }

  /** Called on the event loop with each frame, after it was recorded. */
  FakeAnpr onRequest(Consumer<FrameRequest> hook) {
    this.onRequest = hook;
    return this;
  }

  @Override
  public Future<?> start() {
    LocalCodec.register(vertx);
    return vertx.eventBus().<FrameRequest>consumer(Addresses.ANPR_RECOGNIZE, this::recognize).completion();
  }

  private void recognize(Message<FrameRequest> msg) {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    FrameRequest frame = msg.body();
    received.add(frame);
    onRequest.accept(frame);
    if (delayMs > 0) {
      vertx.setTimer(delayMs, id -> answer(msg, frame));
    } else {
      answer(msg, frame);
    }
  }

  private void answer(Message<FrameRequest> msg, FrameRequest frame) {
    inFlight.decrementAndGet();
    answeredAt.add(System.currentTimeMillis());
    if (failCode > 0) {
      msg.fail(failCode, failMessage);
    } else {
      msg.reply(new FrameResult(frame.lane(), frame.frameId(), List.of(), 1000));
    }
  }
}
