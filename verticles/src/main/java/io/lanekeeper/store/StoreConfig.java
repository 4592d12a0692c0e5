package io.lanekeeper.store;

import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import java.nio.file.Path;
import java.util.List;

/**
 * What the store is deployed with, from the validated configuration ({@code db}, {@code dataDir}, the lanes).
 *
 * @param poolSize the most connections it holds ({@code db.poolSize})
 * @param retryMs the wait between attempts while the database is away ({@code db.retryMs})
 * @param outbox the folder of the durable outbox ({@code dataDir/outbox})
 * @param outboxMaxBytes the most the outbox may hold on disk before the oldest reads go (decisions and gate actions
 *     never do)
 * @param lanes the lanes, seeded into the database so that its events name lanes it knows
 */
public record StoreConfig(DbTarget db, int poolSize, long retryMs, Path outbox, long outboxMaxBytes,
                          List<LaneConfig> lanes) {

  /** A gigabyte: weeks of a busy site's decisions, and well within a gate device's storage. */
  public static final long DEFAULT_OUTBOX_MAX_BYTES = 1L << 30;

  public StoreConfig {
    lanes = List.copyOf(lanes);
  }
}
