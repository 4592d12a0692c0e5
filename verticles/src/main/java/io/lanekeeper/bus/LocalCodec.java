package io.lanekeeper.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes an object by reference between verticles of one process: frames are large and never
 * leave the process, so they are neither copied nor serialised.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {

  private final Class<T> type;

  private LocalCodec(Class<T> type) {
    this.type = type;
  }

  /** Registers the codecs of the in-process messages; idempotent per Vert.x instance. */
  public static synchronized void register(Vertx vertx) {
    for (Class<?> c : new Class<?>[] {FrameRequest.class, FrameResult.class}) {
      try {
        vertx.eventBus().registerDefaultCodec(raw(c), new LocalCodec<>(raw(c)));
      } catch (IllegalStateException alreadyRegistered) {
        // another verticle of this process registered it first
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <X> Class<X> raw(Class<?> c) {
    return (Class<X>) c;
  }

  @Override
  public void encodeToWire(Buffer buffer, T t) {
    throw new UnsupportedOperationException(type.getSimpleName() + " never leaves the process");
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException(type.getSimpleName() + " never leaves the process");
  }

  @Override
  public T transform(T t) {
    return t;
  }

  @Override
  public String name() {
    return "local-" + type.getSimpleName();
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
