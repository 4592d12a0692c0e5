package io.lanekeeper.camera;

import io.vertx.core.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One item in work, at most one waiting; a newer item replaces the waiting one. A camera makes
 * frames faster than a small CPU reads plates, and only the newest frame is worth reading: a
 * queue would only add latency and memory.
 *
 * <p>Event-loop confined: call it from the owning verticle's context only.
 */
final class LatestWins<T> {

  private final Function<T, Future<?>> work;
  private final Consumer<T> onReplaced;
  private boolean busy;
  private T waiting;
  private boolean closed;

  /**
   * @param work starts the work on one item; the next item starts when its future completes
   * @param onReplaced told of each waiting item that a newer one replaced
   */
  LatestWins(Function<T, Future<?>> work, Consumer<T> onReplaced) {
    this.work = work;
    this.onReplaced = onReplaced;
  }

  void offer(T item) {
    if (closed) {
      return;
    }
    if (!busy) {
      run(item);
      return;
    }
    if (waiting != null) {
      onReplaced.accept(waiting);
    }
    waiting = item;
  }

  boolean busy() {
    return busy;
  }

  /** Forgets the waiting item and takes no more. */
  void close() {
    closed = true;
    waiting = null;
  }

  private void run(T item) {
    busy = true;
    Future<?> done;
    try {
      done = work.apply(item);
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onComplete(ar -> {
      busy = false;
      T next = waiting;
      waiting = null;
      if (next != null && !closed) {
        run(next);
      }
    });
  }
}
