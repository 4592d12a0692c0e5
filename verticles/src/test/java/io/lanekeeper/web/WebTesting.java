package io.lanekeeper.web;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Box;
import io.lanekeeper.bus.GateState;
import io.lanekeeper.bus.PlateRead;
import io.lanekeeper.bus.VehicleRead;
import io.lanekeeper.config.CameraConfig;
import io.lanekeeper.config.GateConfig;
import io.lanekeeper.config.HttpConfig;
import io.lanekeeper.config.LaneConfig;
import io.lanekeeper.config.LaneGate;
import io.lanekeeper.db.DbTarget;
import io.lanekeeper.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Deploys the web verticle on a free port and builds the bus facts the tests publish. */
final class WebTesting {

  static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0};

  private WebTesting() {
  }

  /** Built directly: {@code LaneConfig.from} would validate formats against plate profiles tests do not need. */
  static LaneConfig lane(String id) {
    return new LaneConfig(id, "Lane " + id, "entry", 1, List.of("br"), false,
        CameraConfig.from(new JsonObject(), "camera."),
        LaneGate.from(new JsonObject(), "", GateConfig.from(new JsonObject())), true, null, false, "all",
        io.lanekeeper.config.ReadFloor.DEFAULT);
  }

  static WebConfig config(DbTarget db, long maxFrameBytes, String... lanes) {
    return new WebConfig(new HttpConfig("127.0.0.1", 0, maxFrameBytes, 4096), db, 2,
        Arrays.stream(lanes).map(WebTesting::lane).toList());
  }

  /** The same configuration with one API token of the role added. */
  static WebConfig withToken(WebConfig c, String secret, String role) {
    HttpConfig h = c.http();
    List<HttpConfig.ApiToken> tokens = new java.util.ArrayList<>(h.tokens());
    tokens.add(new HttpConfig.ApiToken("test-" + role, role, io.lanekeeper.config.ApiTokens.sha256(secret)));
    return new WebConfig(new HttpConfig(h.host(), h.port(), h.maxFrameBytes(), h.maxJsonBytes(), h.tls(),
        h.secureCookies(), tokens, h.maxFrameBytesInFlight(), h.dbTimeoutMs()), c.db(), c.poolSize(), c.lanes(),
        c.frames(), c.setupTokenFile());
  }

  /** Deploys a web verticle and hands it back once it listens. */
  static Future<WebVerticle> deploy(Vertx vertx, WebConfig config) {
    WebVerticle web = new WebVerticle(config);
    return vertx.deployVerticle(web).map(id -> web);
  }

  static WebClient client(Vertx vertx, WebVerticle web) {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(web.actualPort()));
  }

  static final String PASSWORD = "correct horse battery";

  /** Creates an account of the role straight in the database (as an admin would) and returns its name. */
  static String account(DbTarget db, String role) {
    String name = role + "-" + UUID.randomUUID().toString().substring(0, 8);
    TestDatabase.exec(db, "INSERT INTO users (name, password_hash, role) VALUES ('" + name + "', '"
        + Passwords.hash(PASSWORD.toCharArray()) + "', '" + role + "')");
    return name;
  }

  /** A client logged in as a new account of the role; it sends the session's CSRF token with every request. */
  static Future<WebClientSession> login(Vertx vertx, WebVerticle web, DbTarget db, String role) {
    return login(vertx, web, account(db, role));
  }

  static Future<WebClientSession> login(Vertx vertx, WebVerticle web, String name) {
    return login(vertx, web.actualPort(), name);
  }

  /** As above, for a server on a port (a whole controller). */
  static Future<WebClientSession> login(Vertx vertx, int port, String name) {
    WebClientSession s = WebClientSession.create(WebClient.create(vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)));
    return s.post("/api/login").sendJsonObject(new JsonObject().put("name", name).put("password", PASSWORD))
        .map(r -> {
          if (r.statusCode() != 200) {
            throw new IllegalStateException("login of " + name + " failed: " + r.bodyAsString());
          }
          s.addHeader(Auth.CSRF_HEADER, r.bodyAsJsonObject().getString("csrf"));
          return s;
        });
  }

  /** The Cookie header of a logged-in client, for a WebSocket connection. */
  static String cookie(WebClientSession s) {
    StringBuilder b = new StringBuilder();
    s.cookieStore().get(false, "127.0.0.1", "/").forEach(c -> b.append(b.isEmpty() ? "" : "; ")
        .append(c.name()).append('=').append(c.value()));
    return b.toString();
  }

  /** A port nothing listens on: a database that is down. */
  static int closedPort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PlateRead read(String lane, String plate) {
    double[] cc = new double[plate.length()];
    Arrays.fill(cc, 0.97);
    return new PlateRead(lane, UUID.randomUUID().toString(), Instant.now(), plate, 0.9, cc, new Box(10, 20, 120, 30),
        null, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
  }

  static AccessDecision decision(String lane, String plate, boolean allowed, String reason) {
    PlateRead best = read(lane, plate);
    VehicleRead v = new VehicleRead(UUID.randomUUID(), lane, Instant.now(), Instant.now(), plate, 0.9,
        best.charConfidences(), 3, best);
    return new AccessDecision(v.vehicleId(), lane, Instant.now(), allowed, reason, allowed ? plate : null,
        allowed ? 1L : null, allowed ? 0 : -1, v);
  }

  static GateState gate(String lane, String state) {
    return new GateState(lane, state, state.equals("opening"), 1, Instant.now(), null);
  }
}
