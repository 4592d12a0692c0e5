package io.lanekeeper.testing;

import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.EmbeddedDatabase;
import io.lanekeeper.db.Migrations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, migrated database per test class. By default on one embedded PostgreSQL per JVM; with
 * {@code LANEKEEPER_TEST_DB_URL} (or the system property {@code lanekeeper.test.db.url}) set, on
 * that server instead, e.g. {@code postgresql://postgres@127.0.0.1:5432/postgres}. Each database
 * gets a unique name and is dropped by {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable {

  private static EmbeddedDatabase embedded;

  private final DbTarget admin;
  private final DbTarget target;

  private TestDatabase(DbTarget admin, DbTarget target) {
    this.admin = admin;
    this.target = target;
  }

  /**
   * On the embedded server the database belongs to the controller's own role (no superuser), as on a device, so
   * that every test runs the verticles with the rights they have there.
   */
  public static TestDatabase create() {
    DbTarget admin = adminTarget();
    String name = "lk_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    DbTarget t;
    if (usingExternalServer()) {
      exec(admin, "CREATE DATABASE " + name);
      t = admin.withDatabase(name);
    } else {
      t = embedded.target().withDatabase(name);
      exec(admin, "CREATE DATABASE " + name + " OWNER " + t.user());
    }
    Migrations.migrate(t);
    return new TestDatabase(admin, t);
  }

  /** A superuser on the server named by the environment, or on the JVM's embedded one. */
  public static synchronized DbTarget adminTarget() {
    String url = System.getProperty("lanekeeper.test.db.url", System.getenv("LANEKEEPER_TEST_DB_URL"));
    if (url != null && !url.isBlank()) {
      return DbTarget.parse(url, "postgres", "");
    }
    if (embedded == null) {
      try {
        Path dir = Files.createTempDirectory("lk-test-pg");
        embedded = EmbeddedDatabase.start(dir, 0);
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return embedded.adminTarget();
  }

  public static boolean usingExternalServer() {
    String url = System.getProperty("lanekeeper.test.db.url", System.getenv("LANEKEEPER_TEST_DB_URL"));
    return url != null && !url.isBlank();
  }

  public DbTarget target() {
    return target;
  }

  /** Runs SQL over JDBC (test setup and assertions that read as SQL). */
  public void exec(String sql) {
    exec(target, sql);
  }

  /** The first column of the first row of a query, as a number (counts, totals). */
  public long count(String sql) {
    return count(target, sql);
  }

  /** {@link #count(String)} on any database, e.g. a test's own server. */
  public static long count(DbTarget t, String sql) {
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** The first column of the first row of a query with one text parameter, as text (JSON the database made). */
  public String text(String sql, String arg) {
    try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
         java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, arg);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /** {@link #exec(String)} on any database, e.g. a test's own server. */
  public static void exec(DbTarget t, String sql) {
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    exec(admin, "DROP DATABASE IF EXISTS " + target.database() + " WITH (FORCE)");
  }
}
