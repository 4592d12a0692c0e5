package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lanekeeper.camera.CameraSetup;
import io.lanekeeper.camera.CameraVerticle;
import io.lanekeeper.config.CameraConfig;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.HttpConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.LaneGate;
import io.lanekeeper.testing.FreshDatabase;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientSession;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A camera at {@code http://camuser:S3cretCamPass@...} and an ffmpeg whose stderr names an RTSP address with its
 * credentials: their errors reach health, the lanes, the live feed and the log with the secrets masked.
 */
@Tag("db")
@DisplayName("Camera secrets are never shown or logged")
class SecretsTest {

  private static final String MJPEG_PASSWORD = "S3cretCamPass";
  private static final String RTSP_PASSWORD = "CamPw99";

  @RegisterExtension
  static final FreshDatabase db = new FreshDatabase();
  private static Vertx vertx;
  private static WebVerticle web;
  /** Held, not made inline: Vert.x closes a client nothing refers to, and its sockets, after a garbage collection. */
  private static io.vertx.core.http.WebSocketClient sockets;
  private static WebClient anonymous;
  private static WebClientSession viewer;
  private static WebClientSession admin;
  private static final ListAppender<ILoggingEvent> logged = new ListAppender<>();

  private static LaneConfig lane(String id, JsonObject camera) {
    return new LaneConfig(id, "Lane " + id, "entry", 1, List.of("br"), false, CameraConfig.from(camera, "camera."),
        LaneGate.from(new JsonObject(), "", GateConfig.from(new JsonObject())), true, null, false, "all",
        io.lanekeeper.config.ReadFloor.DEFAULT);
  }

  @BeforeAll
  static void start() throws Exception {
    logged.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logged);
    vertx = Vertx.vertx();
    LaneConfig mjpeg = lane("cam-mjpeg", new JsonObject().put("type", "mjpeg").put("reconnectMs", 200)
        .put("url", "http://camuser:" + MJPEG_PASSWORD + "@127.0.0.1:" + WebTesting.closedPort() + "/video.mjpg"));
    LaneConfig exec = lane("cam-exec", new JsonObject().put("type", "exec").put("reconnectMs", 200)
        .put("command", "rtsp-gate"));
    // what the configuration file's cameraCommands.rtsp-gate would run: ffmpeg saying why it was refused
    List<String> argv = List.of("sh", "-c", "echo '[rtsp @ 0x5] rtsp://admin:" + RTSP_PASSWORD
        + "@10.0.0.9/stream: 401 Unauthorized' >&2; exit 1");
    for (LaneConfig l : List.of(mjpeg, exec)) {
      vertx.deployVerticle(new CameraVerticle(CameraSetup.of(l, l == exec ? argv : List.of())))
          .await(10, TimeUnit.SECONDS);
    }
    web = WebTesting.deploy(vertx, new WebConfig(new HttpConfig("127.0.0.1", 0, 1 << 20, 4096), db.target(), 2,
        List.of(mjpeg, exec))).await(20, TimeUnit.SECONDS);
    anonymous = WebTesting.client(vertx, web);
    viewer = WebTesting.login(vertx, web, db.target(), "viewer").await(20, TimeUnit.SECONDS);
    admin = WebTesting.login(vertx, web, db.target(), "admin").await(20, TimeUnit.SECONDS);
    // both cameras have failed and said why
    Poll.until(vertx, "both cameras' errors in /api/lanes", () -> viewer.get("/api/lanes").send(),
        r -> r.bodyAsJsonObject().getJsonArray("lanes").stream().map(JsonObject.class::cast)
            .allMatch(l -> l.getJsonObject("camera") != null
                && l.getJsonObject("camera").getString("lastError") != null))
        .await(20, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
    if (vertx != null) {
      vertx.close().await(20, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<Buffer> get(WebClient c, String path) throws Exception {
    HttpResponse<Buffer> r = c.get(path).send().await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(path + ": " + r.bodyAsString()).isIn(200, 503);
    return r;
  }

  private static void noSecrets(String what, String text) {
    assertThat(text).as(what).doesNotContain(MJPEG_PASSWORD).doesNotContain(RTSP_PASSWORD);
  }

  @Test
  @DisplayName("Health without a session says UP, DEGRADED or DOWN per part and nothing else: no URL, no error")
  void anonymousHealth() throws Exception {
    JsonObject h = get(anonymous, "/health").bodyAsJsonObject();
    noSecrets("/health", h.encode());
    assertThat(h.encode()).doesNotContain("://").doesNotContain("lastError").doesNotContain("camuser");
    assertThat(h.getString("status")).isIn("UP", "DEGRADED", "DOWN");
    for (String part : List.of("database", "model")) {
      assertThat(h.getJsonObject(part).fieldNames()).as(part).containsExactly("status");
    }
    for (String lane : List.of("cam-mjpeg", "cam-exec")) {
      assertThat(h.getJsonObject("cameras").getJsonObject(lane).fieldNames()).containsExactly("status");
      assertThat(h.getJsonObject("cameras").getJsonObject(lane).getString("status")).isEqualTo("DOWN");
    }
  }

  @Test
  @DisplayName("With a session, health, the lanes and a lane show the cameras' errors with the passwords masked")
  void detailsMasked() throws Exception {
    JsonObject h = get(viewer, "/health").bodyAsJsonObject();
    noSecrets("/health with a session", h.encode());
    assertThat(h.getJsonObject("cameras").getJsonObject("cam-mjpeg").getString("lastError"))
        .contains("http://camuser:***@127.0.0.1:");
    assertThat(h.getJsonObject("cameras").getJsonObject("cam-exec").getString("lastError"))
        .contains("rtsp://admin:***@10.0.0.9/stream");
    String lanes = get(viewer, "/api/lanes").bodyAsString();
    noSecrets("/api/lanes", lanes);
    assertThat(lanes).contains("camuser:***@").contains("admin:***@");
    noSecrets("/api/lanes/cam-exec", get(viewer, "/api/lanes/cam-exec").bodyAsString());
  }

  @Test
  @DisplayName("The live feed's snapshot and its camera facts carry the masked errors")
  void liveFeedMasked() throws Exception {
    Promise<JsonObject> snapshot = Promise.promise();
    Promise<JsonObject> fact = Promise.promise();
    WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(web.actualPort())
        .setURI("/ws").addHeader("Cookie", WebTesting.cookie(viewer));
    io.vertx.core.http.WebSocket socket = io.lanekeeper.testing.Dashboards.connect(vertx,
            sockets = vertx.createWebSocketClient(), o, 3)
        .onSuccess(ws -> ws.textMessageHandler(text -> {
      JsonObject m = new JsonObject(text);
      if (m.getString("type").equals("snapshot")) {
        snapshot.tryComplete(m);
      } else if (m.getString("type").equals("camera") && m.getJsonObject("data").getString("lastError") != null
          && m.getJsonObject("data").getString("lane").equals("cam-mjpeg")) {
        fact.tryComplete(m);
      }
    })).await(10, TimeUnit.SECONDS);
    JsonObject s = snapshot.future().await(10, TimeUnit.SECONDS);
    noSecrets("the snapshot", s.encode());
    assertThat(s.getJsonObject("cameras").getJsonObject("cam-mjpeg").getString("lastError")).contains("camuser:***@");
    JsonObject f = fact.future().await(10, TimeUnit.SECONDS);
    noSecrets("a camera fact", f.encode());
    assertThat(f.getJsonObject("data").getString("lastError")).contains("camuser:***@");
    // closed here, as a leaving dashboard does: left open, it held up the server's shutdown past the class's stop
    socket.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("An admin reads a lane's configuration with its camera's password masked")
  void configMasked() throws Exception {
    JsonObject config = get(admin, "/api/lanes/cam-mjpeg/config").bodyAsJsonObject();
    assertThat(config.getJsonObject("camera").getString("url")).startsWith("http://camuser:***@127.0.0.1:");
  }

  @Test
  @DisplayName("The camera's warnings in the log name the address with the password masked")
  void logMasked() throws Exception {
    Poll.until("the cameras' warnings", 10, () -> messages().stream().anyMatch(m -> m.contains("camuser:***@"))
        && messages().stream().anyMatch(m -> m.contains("admin:***@")));
    for (String m : messages()) {
      noSecrets("log line", m);
    }
  }

  private static List<String> messages() {
    synchronized (logged) {
      return logged.list.stream().map(e -> e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
    }
  }
}
