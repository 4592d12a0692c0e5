package io.lanekeeper.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.testing.RunningController;
import io.lanekeeper.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole controller on real parts: the trained models, embedded PostgreSQL, the Pi4J mock
 * provider, HTTP and WebSocket. Frames are made by the project's own generator.
 */
@Tag("db")
@ExtendWith(VertxExtension.class)
class ControllerEndToEndTest {

  private static final String LANE = "e2e";

  @TempDir
  static Path frames;

  private static RunningController running;
  private static TestDatabase db;
  private static Controller controller;
  private static List<Path> images;
  private static List<String> plates;

  @BeforeAll
  static void start() throws Exception {
    running = new RunningController(frames, 6, 424242, TOKEN, new JsonObject().put("id", LANE)
        .put("gate", new JsonObject().put("pin", 22)), new JsonObject().put("autoCloseMs", 300).put("travelMs", 100));
    db = running.db;
    controller = running.controller;
    images = running.frames;
    plates = running.plates;
  }

  @AfterAll
  static void stop() throws Exception {
    if (running != null) {
      running.close();
    }
  }

  /** A generated frame whose plate the engine reads right (the fixture keeps only those). */
  private static int readableFrame(int skip) {
    if (images.size() <= skip) {
      throw new IllegalStateException("the engine read fewer than " + (skip + 1) + " of the generated frames right");
    }
    return skip;
  }

  private static Map<String, Object> eventRow(String plate) throws Exception {
    var t = db.target();
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         ResultSet rs = c.createStatement().executeQuery(
             "SELECT decision, reason, n_reads, octet_length(crop) AS crop FROM events WHERE plate_read = '"
                 + plate + "'")) {
      if (!rs.next()) {
        return Map.of();
      }
      return Map.of("decision", rs.getString(1), "reason", rs.getString(2), "n_reads", rs.getInt(3),
          "crop", rs.getInt(4));
    }
  }

  /** The push camera's API token (operator): cameras do not log in. */
  private static final String TOKEN = "camera-token-for-the-end-to-end-test";

  private void pushAndWatch(Vertx v, VertxTestContext ctx, int frame, boolean expectOpen) {
    String plate = plates.get(frame);
    List<JsonObject> ws = new CopyOnWriteArrayList<>();
    // closed by the test itself, each with a short closing handshake: left to the test Vertx's close, a socket
    // whose close frame is not echoed holds that close for Vert.x's 30 s graceful shutdown, which is also the
    // time the test extension gives it (seen once in CI: "Closing the Vertx context timed out")
    WebSocketClient sockets = v.createWebSocketClient(new WebSocketClientOptions().setClosingTimeout(2));
    WebClient web = WebClient.create(v);
    AtomicReference<WebSocket> open = new AtomicReference<>();
    int port = controller.httpPort();
    connect(v, sockets, port, 3)
        .compose((WebSocket socket) -> {
          open.set(socket);
          socket.textMessageHandler(t -> ws.add(new JsonObject(t)));
          return web.post(port, "localhost", "/api/lanes/" + LANE + "/frames").putHeader("Content-Type", "image/jpeg")
              .bearerTokenAuthentication(TOKEN).sendBuffer(Buffer.buffer(readBytes(images.get(frame))));
        })
        .onComplete(ctx.succeeding(resp -> {
          ctx.verify(() -> {
            assertThat(resp.statusCode()).isEqualTo(200);
            JsonArray reads = resp.bodyAsJsonObject().getJsonArray("reads");
            assertThat(reads.getJsonObject(0).getString("plate")).isEqualTo(plate);
            assertThat(reads.getJsonObject(0).getJsonArray("box")).hasSize(4);
          });
          v.setTimer(2500, t -> v.executeBlocking(() -> eventRow(plate))
              .onComplete(ctx.succeeding(row -> ctx.verify(() -> {
            assertThat(row).containsEntry("decision", expectOpen ? "allow" : "deny")
                .containsEntry("reason", expectOpen ? "exact" : "unknown").containsEntry("n_reads", 1);
            assertThat((Integer) row.get("crop")).isPositive();
            assertThat(ws).anySatisfy(m -> {
              assertThat(m.getString("type")).isEqualTo("read");
              assertThat(m.getJsonObject("data").getString("plate")).isEqualTo(plate);
            });
            assertThat(ws).anySatisfy(m -> {
              assertThat(m.getString("type")).isEqualTo("decision");
              assertThat(m.getJsonObject("data").getBoolean("allowed")).isEqualTo(expectOpen);
            });
            List<JsonObject> gate = ws.stream().filter(m -> m.getString("type").equals("gate")
                && m.getJsonObject("data").getString("lane").equals(LANE)).map(m -> m.getJsonObject("data")).toList();
            if (expectOpen) {
              assertThat(gate).anyMatch(g -> g.getBoolean("relay"));
              assertThat(gate.getLast().getBoolean("relay")).isFalse();
              assertThat(gate.getLast().getLong("pulses")).isEqualTo(1);
            } else {
              assertThat(gate).noneMatch(g -> g.getBoolean("relay"));
            }
            web.close();
            open.get().close().eventually(sockets::close).onComplete(x -> ctx.completeNow());
          }))));
        }));
  }

  private static io.vertx.core.Future<WebSocket> connect(Vertx v, WebSocketClient sockets, int port, int tries) {
    return io.lanekeeper.testing.Dashboards.connect(v, sockets, new io.vertx.core.http.WebSocketConnectOptions()
        .setPort(port).setHost("localhost").setURI("/ws").addHeader("Authorization", "Bearer " + TOKEN), tries);
  }

  private static byte[] readBytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("A frame with a registered plate: event with decision and reason in PostgreSQL, relay pulsed,"
      + " read and decision on the WebSocket")
  void registeredPlateOpensTheGate(Vertx v, VertxTestContext ctx) throws Exception {
    int frame = readableFrame(0);
    db.exec("INSERT INTO plates (plate, display, kind, owner) VALUES ('" + plates.get(frame) + "', '"
        + plates.get(frame) + "', 'allow', 'End-to-end test')");
    v.setTimer(500, t -> pushAndWatch(v, ctx, frame, true));
  }

  @Test
  @DisplayName("A frame with an unregistered plate is refused as unknown and the relay stays low")
  void unregisteredPlateIsRefused(Vertx v, VertxTestContext ctx) throws Exception {
    int frame = readableFrame(1);
    pushAndWatch(v, ctx, frame, false);
  }
}
