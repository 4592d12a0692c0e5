package io.lanekeeper.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Versioned schema migrations ({@code db/migration/V*__*.sql} on the classpath), run at start. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  /** Blocking. Safe to run on every start and from several processes: Flyway takes a lock. */
  public static int migrate(DbTarget target) {
    Flyway flyway = Flyway.configure(Migrations.class.getClassLoader())
        .dataSource(target.jdbcUrl(), target.user(), target.password())
        .locations("classpath:db/migration")
        .connectRetries(0)
        .load();
    MigrateResult r = flyway.migrate();
    if (r.migrationsExecuted > 0) {
      LOG.info("Database {} migrated to version {} ({} migrations)", target.describe(), r.targetSchemaVersion,
          r.migrationsExecuted);
    }
    return r.migrationsExecuted;
  }
}
