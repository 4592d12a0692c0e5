package io.lanekeeper.web;

import io.lanekeeper.config.HttpConfig;
import io.lanekeeper.config.Json;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The configuration of the web verticle:
 * {@code {"http": {..., "dbTimeoutMs"}, "db": {"host","port","database","user","password","poolSize"},
 * "lanes": [...], "frames": "<folder of the decision frames the cameras keep>"}}.
 *
 * @param poolSize the most database connections the web holds; small, the gate device has few cores
 * @param dbTimeoutMs the longest a request waits for the database (a connection, then its statements) before it
 *     answers 503; the server cancels a statement after as long ({@code statement_timeout})
 */
public record WebConfig(HttpConfig http, DbTarget db, int poolSize, List<LaneConfig> lanes, java.nio.file.Path frames,
                        long dbTimeoutMs) {

  /** A person waits for a page: a few seconds, not the 40 a frozen database would take. */
  public static final long DEFAULT_DB_TIMEOUT_MS = 5000;

  /** Without kept frames (tests). */
  public WebConfig(HttpConfig http, DbTarget db, int poolSize, List<LaneConfig> lanes) {
    this(http, db, poolSize, lanes, null);
  }

  public WebConfig(HttpConfig http, DbTarget db, int poolSize, List<LaneConfig> lanes, java.nio.file.Path frames) {
    this(http, db, poolSize, lanes, frames, DEFAULT_DB_TIMEOUT_MS);
  }

  public static WebConfig from(JsonObject j) {
    JsonObject db = Json.object(j, "", "db");
    DbTarget target = new DbTarget(Json.requireString(db, "db.", "host"),
        Json.integer(db, "db.", "port", 5432, 1, 65535),
        Json.string(db, "db.", "database", "postgres"),
        Json.string(db, "db.", "user", "postgres"),
        Json.string(db, "db.", "password", ""));
    JsonObject http = Json.object(j, "", "http");
    return new WebConfig(HttpConfig.from(http), target,
        Json.integer(db, "db.", "poolSize", 4, 1, 64), LaneConfig.listFrom(j.getValue("lanes")),
        j.getString("frames") == null ? null : java.nio.file.Path.of(j.getString("frames")),
        Json.number(http, "http.", "dbTimeoutMs", DEFAULT_DB_TIMEOUT_MS, 100, 600_000));
  }
}
