package io.lanekeeper.db;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The embedded server as its supervisor sees it, for {@code /health} and MQTT.
 *
 * @param status {@code STARTING} (first start), {@code UP}, {@code RESTARTING} (a start after a death or a failed
 *     start is running), {@code DOWN} (waiting to try again), {@code STOPPED} (the controller stopped it)
 * @param restarts times the server died under the controller and was started again (or is being)
 * @param failedStarts starts that failed, each followed by another after a back-off
 * @param lastError why it last died or failed to start; null when it never did
 * @param since when it entered this status
 */
public record DatabaseStatus(String status, int restarts, int failedStarts, String lastError, Instant since) {

  public static final String STARTING = "STARTING";
  public static final String UP = "UP";
  public static final String RESTARTING = "RESTARTING";
  public static final String DOWN = "DOWN";
  public static final String STOPPED = "STOPPED";

  DatabaseStatus with(String newStatus) {
    return new DatabaseStatus(newStatus, restarts, failedStarts, lastError, Instant.now());
  }

  public boolean up() {
    return UP.equals(status);
  }

  public JsonObject toJson() {
    return new JsonObject().put("status", status).put("restarts", restarts).put("failedStarts", failedStarts)
        .put("lastError", lastError).put("since", since.toString());
  }
}
