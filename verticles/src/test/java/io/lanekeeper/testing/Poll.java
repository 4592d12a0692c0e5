package io.lanekeeper.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for something that happens asynchronously: asks again every few milliseconds until it holds, and fails
 * with what was awaited (and the last answer) when it has not held in time. Never returns the last answer as if
 * it were the awaited one.
 */
public final class Poll {

  private static final long PAUSE_MS = 50;

  private Poll() {
  }

  /** Blocks the test thread until {@code ok} holds, at most {@code seconds}. */
  public static void until(String what, long seconds, BooleanSupplier ok) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  /** Asks until the answer passes {@code done}, pausing between asks on a Vert.x timer; fails after 15 s. */
  public static <T> Future<T> until(Vertx vertx, String what, Supplier<Future<T>> ask, Predicate<T> done) {
    Promise<T> p = Promise.promise();
    attempt(vertx, what, ask, done, System.nanoTime() + TimeUnit.SECONDS.toNanos(15), p);
    return p.future();
  }

  private static <T> void attempt(Vertx vertx, String what, Supplier<Future<T>> ask, Predicate<T> done, long end,
      Promise<T> p) {
    ask.get().onComplete(ar -> {
      if (ar.succeeded() && done.test(ar.result())) {
        p.complete(ar.result());
      } else if (System.nanoTime() > end) {
        p.fail(new AssertionError("timed out waiting for " + what + "; last answer: "
            + (ar.succeeded() ? ar.result() : ar.cause())));
      } else {
        vertx.setTimer(PAUSE_MS, t -> attempt(vertx, what, ask, done, end, p));
      }
    });
  }
}
