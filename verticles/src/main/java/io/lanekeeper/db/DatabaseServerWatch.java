package io.lanekeeper.db;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Alert;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * The embedded server's supervisor as the rest of the controller sees it: its status on request
 * ({@link Addresses#HEALTH_DATABASE_SERVER}, for {@code /health} and MQTT), and an alert on {@link Addresses#ALERT}
 * each time it goes down and when it is back.
 */
public final class DatabaseServerWatch implements AutoCloseable {

  private final MessageConsumer<JsonObject> consumer;
  private volatile boolean closed;

  public DatabaseServerWatch(Vertx vertx, EmbeddedDatabase db) {
    consumer = vertx.eventBus().localConsumer(Addresses.HEALTH_DATABASE_SERVER, m -> m.reply(db.status().toJson()));
    db.onStatus(s -> {
      if (closed) {
        return;
      }
      String message = switch (s.status()) {
        case DatabaseStatus.DOWN -> "the embedded PostgreSQL is down (" + s.lastError() + "); starting it again";
        case DatabaseStatus.UP -> s.restarts() + s.failedStarts() == 0 ? null
            : "the embedded PostgreSQL is up again (" + s.restarts() + " restarts so far)";
        default -> null;
      };
      if (message != null) {
        vertx.eventBus().publish(Addresses.ALERT, new Alert("database", "embedded-postgresql",
            s.up() ? "ok" : "critical", message, s.since()).toJson());
      }
    });
  }

  @Override
  public void close() {
    closed = true;
    consumer.unregister();
  }
}
