package io.lanekeeper.web;

import io.lanekeeper.config.HttpConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import java.util.List;

/**
 * The configuration of the web verticle:
 * {@code {"http": {..., "dbTimeoutMs"}, "db": {"host","port","database","user","password","poolSize"},
 * "lanes": [...], "frames": "<folder of the decision frames the cameras keep>"}}.
 *
 * @param poolSize the most database connections the web holds ({@code db.poolSize}); small, the gate device has
 *     few cores
 * @param setupTokenFile where the one-time setup token is written while there is no account ({@code
 *     dataDir/setup-token}, readable by its owner only, deleted once the first admin exists); null: the log only
 * @param zone the site's time zone ({@code timezone}): the browser shows times in it
 */
public record WebConfig(HttpConfig http, DbTarget db, int poolSize, List<LaneConfig> lanes, java.nio.file.Path frames,
                        java.nio.file.Path setupTokenFile, java.time.ZoneId zone) {

  /** In the system's time zone. */
  public WebConfig(HttpConfig http, DbTarget db, int poolSize, List<LaneConfig> lanes, java.nio.file.Path frames,
                   java.nio.file.Path setupTokenFile) {
    this(http, db, poolSize, lanes, frames, setupTokenFile, java.time.ZoneId.systemDefault());
  }

  /** Without kept frames (tests). */
  public WebConfig(HttpConfig http, DbTarget db, int poolSize, List<LaneConfig> lanes) {
    this(http, db, poolSize, lanes, null, null);
  }

  /** Without a setup token file (tests). */
  public WebConfig(HttpConfig http, DbTarget db, int poolSize, List<LaneConfig> lanes, java.nio.file.Path frames) {
    this(http, db, poolSize, lanes, frames, null);
  }

}
