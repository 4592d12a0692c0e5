package io.lanekeeper.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server that runs inside the controller when no database URL is configured. Its data
 * directory lives under the configured data path and is kept across restarts.
 */
public final class EmbeddedDatabase implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres pg;
  private final DbTarget target;

  private EmbeddedDatabase(EmbeddedPostgres pg) {
    this.pg = pg;
    this.target = new DbTarget("127.0.0.1", pg.getPort(), "postgres", "postgres", "");
  }

  /** Blocking: starts the server (initialising the data directory on the first run). */
  public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
    Path dir = dataDir.resolve("postgres").toAbsolutePath();
    Files.createDirectories(dir.getParent());
    boolean fresh = !Files.exists(dir.resolve("PG_VERSION"));
    LOG.info("Starting embedded PostgreSQL in {} ({})", dir, fresh ? "new data directory" : "existing data");
    EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
        .setDataDirectory(dir)
        .setCleanDataDirectory(false)
        .setServerConfig("max_connections", "50")
        .setServerConfig("listen_addresses", "127.0.0.1");
    if (port > 0) {
      b.setPort(port);
    }
    EmbeddedDatabase db = new EmbeddedDatabase(b.start());
    LOG.info("Embedded PostgreSQL ready at {}", db.target.describe());
    return db;
  }

  public DbTarget target() {
    return target;
  }

  @Override
  public void close() {
    try {
      pg.close();
      LOG.info("Embedded PostgreSQL stopped");
    } catch (IOException e) {
      LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.toString());
    }
  }
}
