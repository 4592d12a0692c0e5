package io.lanekeeper.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lanekeeper.testing.Poll;
import io.lanekeeper.testing.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded server as a device runs it: durable, closed to password-less logins, the controller on a role
 * without superuser rights, an older version's data directory taken over in place, and supervised. Each test has a
 * server of its own (embedded only, whichever server the other database tests use).
 */
@DisplayName("The embedded PostgreSQL")
class EmbeddedDatabaseTest {

  @TempDir
  Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stopAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private EmbeddedDatabase start() throws IOException {
    EmbeddedDatabase db = EmbeddedDatabase.start(dir, 0);
    open.add(db);
    return db;
  }

  @Test
  @DisplayName("runs durable: fsync, synchronous commits and full-page writes are on")
  void durable() throws Exception {
    DbTarget t = start().target();
    assertThat(text(t, "SHOW fsync")).isEqualTo("on");
    assertThat(text(t, "SHOW synchronous_commit")).isEqualTo("on");
    assertThat(text(t, "SHOW full_page_writes")).isEqualTo("on");
  }

  @Test
  @DisplayName("lets nobody in without the password, and its controller role may not run programs on the server")
  void passwordsAndNoSuperuser() throws Exception {
    EmbeddedDatabase db = start();
    DbTarget t = db.target();
    DbTarget admin = db.adminTarget();
    assertThatThrownBy(() -> text(new DbTarget(admin.host(), admin.port(), "postgres", "postgres", ""), "SELECT 1"))
        .as("the superuser without a password").isInstanceOf(SQLException.class);
    assertThatThrownBy(() -> text(new DbTarget(t.host(), t.port(), t.database(), t.user(), "guess"), "SELECT 1"))
        .as("the controller's role with a wrong one").hasMessageContaining("password authentication failed");
    assertThat(text(t, "SELECT current_user")).isEqualTo("lanekeeper");
    assertThat(text(t, "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"))
        .isEqualTo("f");
    assertThatThrownBy(() -> text(t, "COPY (SELECT 1) TO PROGRAM 'true'"))
        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).as("insufficient privilege")
            .isEqualTo("42501"));
    Path passwords = dir.resolve("postgres").resolve(PgSecrets.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords))).isEqualTo("rw-------");
    assertThat(Files.readString(dir.resolve("postgres/pg_hba.conf"))).doesNotContain("trust");
  }

  @Test
  @DisplayName("runs the migrations as the controller's role, which owns its database and every table in it")
  void migratesAsItsRole() throws Exception {
    DbTarget t = start().target();
    assertThat(Migrations.migrate(t)).isPositive();
    assertThat(TestDatabase.count(t, "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'")).isEqualTo(1);
    assertThat(TestDatabase.count(t, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).isPositive();
    assertThat(TestDatabase.count(t, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
        + "AND tableowner <> current_user")).isZero();
  }

  @Test
  @DisplayName("takes over an older version's data directory in place: its plates seen through the new role")
  void upgradesAnOlderDataDirectory() throws Exception {
    EmbeddedPostgres old = olderVersion();
    old.close();

    EmbeddedDatabase db = start();
    DbTarget t = db.target();
    assertThat(text(t, "SELECT owner FROM plates WHERE plate = 'OLD1234'")).isEqualTo("Kept across the upgrade");
    assertThat(Migrations.migrate(t)).as("nothing left to migrate, and allowed to").isZero();
    assertThat(TestDatabase.count(t, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'S') AND c.relowner <> 'lanekeeper'::regrole"))
        .as("tables, views and sequences not the role's").isZero();
    assertThat(TestDatabase.count(t, "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        + "WHERE n.nspname = 'public' AND p.proname LIKE 'lk\\_%' AND p.proowner <> 'lanekeeper'::regrole")).isZero();
    TestDatabase.exec(t, "INSERT INTO plates (plate, display) VALUES ('NEW1234', 'NEW 1234')");
    assertThatThrownBy(() -> text(new DbTarget(t.host(), t.port(), "postgres", "postgres", ""), "SELECT 1"))
        .as("the older version's password-less superuser").isInstanceOf(SQLException.class);
  }

  @Test
  @DisplayName("stops a server an earlier run left running on its directory, and starts its own")
  void takesOverARunningServer() throws Exception {
    EmbeddedPostgres old = olderVersion(); // left running, as when the controller was killed and its server not
    open.add(old);
    long oldPid = postmasterPid();

    DbTarget t = start().target();
    assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive)).as("the earlier server").isIn(
        java.util.Optional.empty(), java.util.Optional.of(false));
    assertThat(postmasterPid()).isNotEqualTo(oldPid);
    assertThat(text(t, "SHOW fsync")).as("ours, not the earlier one (fsync off)").isEqualTo("on");
    assertThat(text(t, "SELECT owner FROM plates WHERE plate = 'OLD1234'")).isEqualTo("Kept across the upgrade");
  }

  @Test
  @DisplayName("starts although postmaster.pid names a live program that is not its server (a number reused)")
  void stalePidFile() throws Exception {
    EmbeddedDatabase db = start();
    Path pidFile = dir.resolve("postgres/postmaster.pid");
    List<String> lines = Files.readAllLines(pidFile);
    db.close();
    Process other = new ProcessBuilder("sleep", "120").start();
    open.add(other::destroyForcibly);
    lines.set(0, Long.toString(other.pid()));
    Files.write(pidFile, lines); // what a power cut leaves, once a reboot gave the number to another program

    DbTarget t = start().target();
    assertThat(text(t, "SELECT current_user")).isEqualTo("lanekeeper");
    assertThat(other.isAlive()).as("the other program is left alone").isTrue();
  }

  @Test
  @DisplayName("killed with SIGKILL, is started again by its supervisor and takes queries, the restart reported")
  void restartsAfterKill() throws Exception {
    EmbeddedDatabase db = start();
    List<String> seen = new CopyOnWriteArrayList<>();
    db.onStatus(s -> seen.add(s.status()));
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    List<io.vertx.core.json.JsonObject> alerts = new CopyOnWriteArrayList<>();
    vertx.eventBus().<io.vertx.core.json.JsonObject>consumer(io.lanekeeper.bus.Addresses.ALERT,
        m -> alerts.add(m.body()));
    DatabaseServerWatch watch = new DatabaseServerWatch(vertx, db);
    DbTarget t = db.target();
    TestDatabase.exec(t, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
    long pid = postmasterPid();

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    Poll.until("the server back with its data", 30, () -> {
      try {
        return TestDatabase.count(t, "SELECT n FROM kept") == 42 && db.status().up();
      } catch (IllegalStateException e) {
        return false;
      }
    });
    assertThat(postmasterPid()).isNotEqualTo(pid);
    assertThat(db.status().restarts()).isEqualTo(1);
    assertThat(db.status().lastError()).contains("PID " + pid).contains("exited");
    assertThat(seen).startsWith(DatabaseStatus.DOWN).contains(DatabaseStatus.RESTARTING).endsWith(DatabaseStatus.UP);
    // the rest of the controller hears of it: an alert down, one back up, and the status on request
    Poll.until("both alerts", 10, () -> alerts.size() >= 2);
    assertThat(alerts.getFirst().getString("level")).isEqualTo("critical");
    assertThat(alerts.getFirst().getString("message")).contains("down").contains("PID " + pid);
    assertThat(alerts.getLast().getString("message")).contains("up again");
    io.vertx.core.json.JsonObject asked = vertx.eventBus().<io.vertx.core.json.JsonObject>request(
        io.lanekeeper.bus.Addresses.HEALTH_DATABASE_SERVER, new io.vertx.core.json.JsonObject())
        .await(5, java.util.concurrent.TimeUnit.SECONDS).body();
    assertThat(asked.getString("status")).isEqualTo("UP");
    assertThat(asked.getInteger("restarts")).isEqualTo(1);
    watch.close();
    vertx.close().await(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("keeps trying a start that failed (its port taken) and is up once it can be")
  void keepsTryingToStart() throws Exception {
    ServerSocket squatter = new ServerSocket();
    squatter.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    int port = squatter.getLocalPort();
    EmbeddedDatabase db;
    try (squatter) {
      db = EmbeddedDatabase.startRetrying(dir, port);
      open.add(db);
      assertThat(db.status().up()).isFalse();
      assertThat(db.status().failedStarts()).isPositive();
      assertThat(db.status().lastError()).contains("could not");
    }
    Poll.until("the server up once its port is free", 30, () -> db.status().up());
    assertThat(text(db.target(), "SELECT current_user")).isEqualTo("lanekeeper");
  }

  /**
   * A data directory as the older version made and ran it: zonky's defaults (trust logins, no fsync), the schema
   * and a registered plate in the database {@code postgres}, all the superuser's.
   */
  private EmbeddedPostgres olderVersion() throws Exception {
    EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
        .setCleanDataDirectory(false).setServerConfig("listen_addresses", "127.0.0.1").start();
    DbTarget t = new DbTarget("127.0.0.1", old.getPort(), "postgres", "postgres", "");
    Migrations.migrate(t);
    TestDatabase.exec(t, "INSERT INTO plates (plate, display, owner) VALUES ('OLD1234', 'OLD 1234', "
        + "'Kept across the upgrade')");
    assertThat(text(t, "SHOW fsync")).isEqualTo("off");
    return old;
  }

  private long postmasterPid() throws IOException {
    return Long.parseLong(Files.readAllLines(dir.resolve("postgres/postmaster.pid")).get(0).strip());
  }

  private static String text(DbTarget t, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
