package io.lanekeeper.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.GateCommand;
import io.lanekeeper.bus.GateState;
import io.lanekeeper.testing.Decisions;
import io.lanekeeper.testing.Poll;
import io.lanekeeper.testing.RunningController;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Lanes changed in the browser's API and run at once by the whole controller (real models, PostgreSQL, mock GPIO). */
@Tag("db")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Lanes edited by an admin, run by the controller at once")
class LanesEditTest {

  private static final String LANE = "gate-1";
  private static final String TOKEN = "camera-token-for-the-lanes-test";

  @TempDir
  static Path dir;
  private static RunningController running;
  private static Vertx vertx;
  /** Held, not made inline: Vert.x closes a client nothing refers to, and its sockets, after a garbage collection. */
  private static io.vertx.core.http.WebSocketClient sockets;
  private static WebClientSession admin;
  private static WebClientSession viewer;
  private static WebClient camera;

  @BeforeAll
  static void start() throws Exception {
    running = new RunningController(dir, 2, 515151, TOKEN, new JsonObject().put("id", LANE)
        .put("gate", new JsonObject().put("relayLine", 22)), new JsonObject().put("autoCloseMs", 400)
        .put("travelMs", 100));
    vertx = running.vertx;
    int port = running.controller.httpPort();
    admin = WebTesting.login(vertx, port, WebTesting.account(running.db.target(), "admin")).await(20, TimeUnit.SECONDS);
    viewer = WebTesting.login(vertx, port, WebTesting.account(running.db.target(), "viewer"))
        .await(20, TimeUnit.SECONDS);
    camera = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    running.db.exec("INSERT INTO plates (plate, display) VALUES ('ABC1234', 'ABC-1234')");
  }

  @AfterAll
  static void stop() throws Exception {
    if (running != null) {
      running.close();
    }
  }

  private static HttpResponse<Buffer> put(String lane, JsonObject body) throws Exception {
    return admin.put("/api/lanes/" + lane).sendJsonObject(body).await(30, TimeUnit.SECONDS);
  }

  private static JsonObject config(String lane) throws Exception {
    HttpResponse<Buffer> r = admin.get("/api/lanes/" + lane + "/config").send().await(10, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  @Order(1)
  @DisplayName("only an admin reads a lane's whole configuration (it may hold a camera's password)")
  void configIsAdminOnly() throws Exception {
    assertThat(viewer.get("/api/lanes/" + LANE + "/config").send().await(10, TimeUnit.SECONDS).statusCode())
        .isEqualTo(403);
    assertThat(viewer.put("/api/lanes/" + LANE).sendJsonObject(new JsonObject()).await(10, TimeUnit.SECONDS)
        .statusCode()).isEqualTo(403);
    JsonObject c = config(LANE);
    assertThat(c.getDouble("maxDistance")).isEqualTo(1.0);
    assertThat(c.getJsonObject("gate").getInteger("relayLine")).isEqualTo(22);
  }

  @Test
  @Order(2)
  @DisplayName("a new maximum distance decides the next car; new wiring waits until the barrier has closed")
  void rulesAtOnceWiringWhenClosed() throws Exception {
    // a look-alike read is let in at distance 1 (once the matcher has the plate from PostgreSQL)
    Poll.until("fuzzy allowed", 15, () -> allowed("A8C1234"));
    List<GateState> states = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.GATE_STATE, m -> states.add(GateState.fromJson(m.body())));
    JsonObject opened = (JsonObject) vertx.eventBus().request(Addresses.gateCommand(LANE),
        new GateCommand(LANE, "open", null, Instant.now(), "test", "a car to let in").toJson())
        .await(10, TimeUnit.SECONDS).body();
    assertThat(opened.getString("state")).isIn("opening", "open");

    JsonObject lane = config(LANE).put("maxDistance", 0).put("name", "Main gate")
        .put("gate", config(LANE).getJsonObject("gate").put("relayLine", 23).put("pulseMs", 900));
    HttpResponse<Buffer> r = put(LANE, lane);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("gate")).isEqualTo("pending");
    assertThat(allowed("A8C1234")).isFalse();

    // the barrier closes by itself; then the lane's gate starts again on its new line (a fresh machine: 0 pulses)
    Poll.until("new wiring applied", 15, () -> states.stream()
        .anyMatch(s -> s.lane().equals(LANE) && s.state().equals("closed") && s.pulses() == 0));
    assertThat(config(LANE).getJsonObject("gate").getInteger("relayLine")).isEqualTo(23);
    assertThat(running.db.count("SELECT count(*) FROM lanes WHERE id = '" + LANE
        + "' AND edited_by LIKE 'admin-%' AND max_distance = 0")).isEqualTo(1);
    assertThat(running.db.count("SELECT count(*) FROM audit_log WHERE entity = 'lane' AND actor LIKE 'admin-%'"))
        .isPositive();
    assertThat(Files.readString(dir.resolve("data").resolve("lanes-edited.json"))).contains("\"relayLine\" : 23");
  }

  @Test
  @Order(3)
  @DisplayName("a new lane on a line another lane uses is refused; on its own line it runs at once and takes frames")
  void newLane() throws Exception {
    JsonObject lane = new JsonObject().put("id", "gate-2").put("name", "Side gate").put("formats", new JsonArray()
        .add("BR")).put("camera", new JsonObject().put("type", "push"))
        .put("gate", new JsonObject().put("relayLine", 23));
    HttpResponse<Buffer> clash = admin.post("/api/lanes").sendJsonObject(lane).await(30, TimeUnit.SECONDS);
    assertThat(clash.statusCode()).as(clash.bodyAsString()).isEqualTo(400);
    assertThat(clash.bodyAsString()).contains("line 23").contains(LANE);

    // a viewer's dashboard hears of the new lane at once, without its camera or wiring
    List<JsonObject> facts = new CopyOnWriteArrayList<>();
    var ws = io.lanekeeper.testing.Dashboards.connect(vertx, sockets = vertx.createWebSocketClient(),
        new io.vertx.core.http.WebSocketConnectOptions().setHost("127.0.0.1").setPort(running.controller.httpPort())
            .setURI("/ws").addHeader("Cookie", WebTesting.cookie(viewer)), 3).await(20, TimeUnit.SECONDS);
    ws.textMessageHandler(t -> facts.add(new JsonObject(t)));
    lane.getJsonObject("gate").put("relayLine", 24);
    HttpResponse<Buffer> made = admin.post("/api/lanes").sendJsonObject(lane).await(30, TimeUnit.SECONDS);
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(made.bodyAsJsonObject().getString("gate")).isEqualTo("applied");
    assertThat(push("gate-2").statusCode()).as("the answer means the lane runs: its route knows it").isEqualTo(200);
    Poll.until("lane fact", 10, () -> facts.stream().anyMatch(f -> "lane".equals(f.getString("type"))));
    JsonObject fact = facts.stream().filter(f -> "lane".equals(f.getString("type"))).findFirst().orElseThrow();
    assertThat(fact.getJsonObject("data").getString("name")).isEqualTo("Side gate");
    assertThat(fact.getJsonObject("data").fieldNames()).doesNotContain("camera", "gate");
    ws.close();
    assertThat(admin.post("/api/lanes").sendJsonObject(lane).await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(409);
    assertThat(push("gate-2").statusCode()).isEqualTo(200);
    assertThat(admin.get("/api/lanes").send().await(10, TimeUnit.SECONDS).bodyAsString()).contains("Side gate");
  }

  @Test
  @Order(4)
  @DisplayName("a disabled lane's camera stops; a bad value is refused with its field and changes nothing")
  void disableAndBadValues() throws Exception {
    JsonObject lane = config("gate-2").put("enabled", false);
    assertThat(put("gate-2", lane).statusCode()).isEqualTo(200);
    assertThat(push("gate-2").statusCode()).isNotEqualTo(200);

    HttpResponse<Buffer> bad = put(LANE, config(LANE).put("maxDistance", 7));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("maxDistance");
    HttpResponse<Buffer> renamed = put(LANE, config(LANE).put("id", "other"));
    assertThat(renamed.statusCode()).isEqualTo(400);
    assertThat(config(LANE).getDouble("maxDistance")).isEqualTo(0.0);
    assertThat(put("nope", config(LANE)).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> numericId = admin.post("/api/lanes").sendJsonObject(config(LANE).put("id", 42))
        .await(10, TimeUnit.SECONDS);
    assertThat(numericId.statusCode()).isEqualTo(400);
    assertThat(numericId.bodyAsJsonObject().getString("field")).isEqualTo("id");
    // a lot the site does not have (a typo) is refused, and no lot is made for it
    HttpResponse<Buffer> typo = put(LANE, config(LANE).put("lot", "garrage"));
    assertThat(typo.statusCode()).isEqualTo(400);
    assertThat(typo.bodyAsJsonObject().getString("field")).isEqualTo("lot");
    assertThat(typo.bodyAsJsonObject().getString("message")).contains("no lot 'garrage'");
    assertThat(running.db.count("SELECT count(*) FROM lots WHERE id = 'garrage'")).isZero();
  }

  @Test
  @Order(5)
  @DisplayName("a camera's password is shown masked, kept through the edit form's round trip and audited masked")
  void cameraPasswordWriteOnly() throws Exception {
    String url = "http://camuser:S3cretCamPass@127.0.0.1:" + WebTesting.closedPort() + "/video.mjpg";
    JsonObject lane = new JsonObject().put("id", "gate-3").put("name", "Camera gate").put("formats", new JsonArray()
        .add("BR")).put("camera", new JsonObject().put("type", "mjpeg").put("url", url))
        .put("gate", new JsonObject().put("driver", "none"));
    HttpResponse<Buffer> made = admin.post("/api/lanes").sendJsonObject(lane).await(30, TimeUnit.SECONDS);
    assertThat(made.statusCode()).as(made.bodyAsString()).isEqualTo(201);
    assertThat(made.bodyAsString()).doesNotContain("S3cretCamPass");
    JsonObject shown = config("gate-3");
    assertThat(shown.getJsonObject("camera").getString("url")).isEqualTo(url.replace("S3cretCamPass", "***"));

    HttpResponse<Buffer> renamed = put("gate-3", shown.copy().put("name", "Gate three"));
    assertThat(renamed.statusCode()).as(renamed.bodyAsString()).isEqualTo(200);
    assertThat(running.db.count("SELECT count(*) FROM lanes WHERE id = 'gate-3' AND name = 'Gate three' "
        + "AND config #>> '{camera,url}' = '" + url + "' AND camera ->> 'url' = '" + url + "'")).isEqualTo(1);

    JsonObject moved = shown.copy();
    moved.getJsonObject("camera").put("url", "http://camuser:***@10.9.9.9/video.mjpg");
    HttpResponse<Buffer> refused = put("gate-3", moved);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("camera.url");

    assertThat(running.db.count("SELECT count(*) FROM audit_log WHERE entity = 'lane' AND entity_id = 'gate-3'"))
        .isEqualTo(2);
    assertThat(running.db.count("SELECT count(*) FROM audit_log WHERE (coalesce(before::text, '') "
        + "|| coalesce(after::text, '')) LIKE '%S3cretCamPass%'")).isZero();
    // the camera runs with the password it was given, and says so masked
    Poll.until(vertx, "the camera's error", () -> admin.get("/api/lanes/gate-3").send(),
        r -> r.bodyAsString().contains("camuser:***@")).await(20, TimeUnit.SECONDS);
    assertThat(admin.get("/api/lanes").send().await(10, TimeUnit.SECONDS).bodyAsString())
        .doesNotContain("S3cretCamPass");
  }

  @Test
  @Order(6)
  @DisplayName("an admin picks an exec camera's program among those the device's file lists, and can never write "
      + "one: a lane running /bin/sh is refused with its field and nothing runs")
  void noProgramFromTheBrowser() throws Exception {
    Path marker = dir.resolve("pwned");
    JsonObject shell = config("gate-2").put("camera", new JsonObject().put("type", "exec")
        .put("command", new JsonArray().add("/bin/sh").add("-c").add("touch " + marker)));
    HttpResponse<Buffer> refused = put("gate-2", shell);
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(400);
    assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("camera.command");
    HttpResponse<Buffer> added = admin.post("/api/lanes").sendJsonObject(shell.copy().put("id", "gate-4")
        .put("gate", new JsonObject().put("driver", "none"))).await(30, TimeUnit.SECONDS);
    assertThat(added.statusCode()).as(added.bodyAsString()).isEqualTo(400);
    HttpResponse<Buffer> unknown = put("gate-2", config("gate-2").put("camera", new JsonObject().put("type", "exec")
        .put("command", "sh")));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsString()).contains("no program named 'sh'").contains("replay");

    HttpResponse<Buffer> names = admin.get("/api/camera-commands").send().await(10, TimeUnit.SECONDS);
    assertThat(names.bodyAsJsonObject().getJsonArray("commands")).containsExactly("replay");
    assertThat(names.bodyAsString()).doesNotContain("cat");
    assertThat(viewer.get("/api/camera-commands").send().await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> picked = put("gate-2", config("gate-2").put("enabled", true)
        .put("camera", new JsonObject().put("type", "exec").put("command", "replay").put("motionThreshold", 0)));
    assertThat(picked.statusCode()).as(picked.bodyAsString()).isEqualTo(200);
    assertThat(config("gate-2").getJsonObject("camera").getString("command")).isEqualTo("replay");
    Thread.sleep(500);
    assertThat(marker).doesNotExist();
  }

  private static boolean allowed(String plate) {
    try {
      return Decisions.decide(vertx, LANE, plate).await(10, TimeUnit.SECONDS).allowed();
    } catch (Exception e) {
      return false;
    }
  }

  private static HttpResponse<Buffer> push(String lane) throws Exception {
    return camera.post("/api/lanes/" + lane + "/frames").putHeader("Content-Type", "image/jpeg")
        .putHeader("Authorization", "Bearer " + TOKEN)
        .sendBuffer(Buffer.buffer(Files.readAllBytes(running.frames.getFirst()))).await(30, TimeUnit.SECONDS);
  }
}
