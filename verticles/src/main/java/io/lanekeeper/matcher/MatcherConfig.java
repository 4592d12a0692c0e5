package io.lanekeeper.matcher;

import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * What the matcher is deployed with, from the validated configuration.
 *
 * @param poolSize the most connections it holds: it loads the registry and writes lot movements, a few statements
 *     at a time ({@code db.poolSize})
 * @param retryMs the wait between attempts while the database is away ({@code db.retryMs})
 * @param snapshot the registry's copy on disk, decided from while the database is away
 *     ({@code dataDir/matcher/registry.jsonl.gz})
 * @param zone the site's time zone, for schedules ({@code timezone}, else the system's)
 */
public record MatcherConfig(DbTarget db, int poolSize, long retryMs, List<LaneConfig> lanes, Path snapshot,
                            ZoneId zone) {

  public MatcherConfig {
    lanes = List.copyOf(lanes);
  }
}
