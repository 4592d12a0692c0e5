package io.lanekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.config.AppConfig;
import io.lanekeeper.config.ClusterConfig;
import io.lanekeeper.config.ConfigLoader;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.db.Migrations;
import io.lanekeeper.testing.FreshDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@Tag("db")
@DisplayName("The lanes a controller starts with: the file's, with the browser's edits in their place")
class LaneBookTest {

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();
  @TempDir
  Path data;
  private final Vertx vertx = Vertx.vertx();

  @BeforeAll
  static void database() throws Exception {
    Migrations.migrate(db.target());
    // entry-1 edited in the browser (distance 0), side-1 added there, bad-1 stored with a format since removed
    db.exec("""
        INSERT INTO lanes (id, name, config, edited_by, edited_at) VALUES
          ('entry-1', 'Main', '{"id":"entry-1","name":"Main (edited)","maxDistance":0,"camera":{"type":"push"}}',
           'alice', now() - interval '2 minutes'),
          ('side-1', 'Side', '{"id":"side-1","name":"Side","camera":{"type":"push"},"gate":{"relayLine":5}}',
           'alice', now() - interval '1 minute'),
          ('bad-1', 'Bad', '{"id":"bad-1","formats":["XX-NOPE"],"camera":{"type":"push"}}', 'bob', now())
        """);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private AppConfig config() {
    return AppConfig.from(ConfigLoader.merge(ConfigLoader.defaults(), new JsonObject()
        .put("dataDir", data.toString())
        .put("lanes", new JsonArray()
            .add(new JsonObject().put("id", "entry-1").put("name", "Main").put("camera",
                new JsonObject().put("type", "push")))
            .add(new JsonObject().put("id", "exit-1").put("direction", "exit").put("camera",
                new JsonObject().put("type", "push")).put("gate", new JsonObject().put("relayLine", 18))))));
  }

  @Test
  @DisplayName("edited lanes replace the file's, added ones follow, invalid ones are skipped; the copy is written")
  void fromTheDatabase() throws Exception {
    LaneBook book = new LaneBook(config()).load(vertx, db.target()).await(20, TimeUnit.SECONDS);
    assertThat(book.all()).extracting(LaneConfig::id).containsExactly("entry-1", "exit-1", "side-1");
    assertThat(book.get("entry-1").name()).isEqualTo("Main (edited)");
    assertThat(book.get("entry-1").maxDistance()).isZero();
    assertThat(book.get("exit-1").direction()).isEqualTo("exit");
    assertThat(Files.readString(data.resolve("lanes-edited.json"))).contains("Main (edited)").contains("side-1")
        .doesNotContain("bad-1");
  }

  @Test
  @DisplayName("devices of a site sharing the database: each takes the unowned lanes it runs and runs only its own, "
      + "never one another device runs")
  void perDevice() throws Exception {
    db.exec("""
        INSERT INTO lanes (id, name, config, edited_by, edited_at, device) VALUES
          ('far-1', 'Far', '{"id":"far-1","name":"Far","camera":{"type":"push"},"gate":{"relayLine":6}}', 'carol',
           now(), 'gate-b')
        ON CONFLICT (id) DO NOTHING
        """);
    LaneBook a = new LaneBook(clustered(config(), "gate-a")).load(vertx, db.target()).await(20, TimeUnit.SECONDS);
    // its file's entry-1, edited in the browser, is now its own; side-1 (no device's file, run by none before) and
    // gate-b's far-1 are not its lanes
    assertThat(a.all()).extracting(LaneConfig::id).containsExactly("entry-1", "exit-1");
    assertThat(a.get("entry-1").name()).isEqualTo("Main (edited)");
    assertThat(db.count("SELECT count(*) FROM lanes WHERE id = 'entry-1' AND device = 'gate-a'")).isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM lanes WHERE id = 'side-1' AND device IS NULL")).isEqualTo(1);
    LaneBook b = new LaneBook(clustered(config(), "gate-b")).load(vertx, db.target()).await(20, TimeUnit.SECONDS);
    // entry-1 is in gate-b's file too, but gate-a runs it: one barrier, one device
    assertThat(b.all()).extracting(LaneConfig::id).containsExactly("exit-1", "far-1");
    // the other tests' database as it was: no devices
    db.exec("DELETE FROM lanes WHERE id = 'far-1'");
    db.exec("UPDATE lanes SET device = NULL");
  }

  /** The configuration as a device of a site named {@code node}. */
  private static AppConfig clustered(AppConfig c, String node) {
    return new AppConfig(c.dataDir(), c.http(), c.db(), c.gate(), c.tracker(), c.mqtt(), c.timezone(),
        c.frameMbPerLane(), c.anprWorkers(), c.lanes(), c.cameraCommands(), c.anpr(), c.alerts(), c.retention(),
        ClusterConfig.from(new JsonObject().put("enabled", true).put("node", node).put("host", "127.0.0.1")
            .put("members", new JsonArray().add("127.0.0.1:7800")).put("keyStore", "k.p12")
            .put("keyStorePassword", "p").put("trustStore", "t.p12").put("trustStorePassword", "p"), node));
  }

  @Test
  @DisplayName("with the database away, the lanes run as the local copy last saw them")
  void databaseAway() throws Exception {
    new LaneBook(config()).load(vertx, db.target()).await(20, TimeUnit.SECONDS);
    DbTarget down = new DbTarget("127.0.0.1", closedPort(), "postgres", "postgres", "");
    LaneBook offline = new LaneBook(config()).load(vertx, down).await(20, TimeUnit.SECONDS);
    assertThat(offline.all()).extracting(LaneConfig::id).containsExactly("entry-1", "exit-1", "side-1");
    assertThat(offline.get("entry-1").maxDistance()).isZero();

    Files.delete(data.resolve("lanes-edited.json"));
    LaneBook bare = new LaneBook(config()).load(vertx, down).await(20, TimeUnit.SECONDS);
    assertThat(bare.all()).extracting(LaneConfig::id).containsExactly("entry-1", "exit-1");
    assertThat(bare.get("entry-1").maxDistance()).isEqualTo(1.0);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
