package io.lanekeeper.web;

import static io.lanekeeper.testing.SiteNodes.await;
import static io.lanekeeper.testing.Ports.freePort;
import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.alerts.AlertVerticle;
import io.lanekeeper.app.SiteCertificates;
import io.lanekeeper.app.SiteCluster;
import io.lanekeeper.app.SiteHeartbeat;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.config.AlertsConfig;
import io.lanekeeper.testing.FreshDatabase;
import io.lanekeeper.testing.Poll;
import io.lanekeeper.testing.SiteNodes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two devices of a site on loopback, each its own clustered Vert.x: a gate device with a lane, and a web-only site
 * server with the dashboard. The server's dashboard draws the gate device's lane marked with it, shows its facts
 * live, opens its barrier across the cluster, and marks it away (with an alert) within 10 s when it goes.
 */
@Tag("db")
@DisplayName("One site, one dashboard: another device's lanes, facts and barrier")
class SiteDashboardTest {

  private static final String PASSWORD = SiteNodes.PASSWORD;

  @RegisterExtension
  final FreshDatabase db = new FreshDatabase();

  @TempDir
  Path dir;

  private final SiteNodes site = new SiteNodes();

  /**
   * The dashboard connections' client, held for the whole test: a client nothing refers to is closed by Vert.x's
   * cleaner after a garbage collection, and its sockets with it (a handshake in flight is cut at once).
   */
  private WebSocketClient sockets;

  @AfterEach
  void stop() throws Exception {
    if (sockets != null) {
      await(sockets.close());
    }
    site.close();
  }

  private SiteCluster.Node start(String node, int port, List<Integer> members) throws Exception {
    return site.start(SiteNodes.config(node, dir, port, members, 8000));
  }

  private static boolean alerted(List<JsonObject> facts, String id, boolean active) {
    return facts.stream().anyMatch(f -> f.getString("type").equals("alert")
        && f.getJsonObject("data").getString("id").equals(id)
        && f.getJsonObject("data").getBoolean("active") == active);
  }

  private static int siteNodes(WebClientSession s) {
    try {
      return await(s.get("/api/site").send()).bodyAsJsonObject().getJsonArray("nodes").size();
    } catch (Exception e) {
      return -1;
    }
  }

  /** The alerts of the snapshot a dashboard opened now gets. */
  private List<JsonObject> reloaded(WebVerticle web, WebClientSession who) {
    try {
      return snapshotAlerts(web, who);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private List<JsonObject> snapshotAlerts(WebVerticle web, WebClientSession who) throws Exception {
    List<JsonObject> snapshot = new CopyOnWriteArrayList<>();
    // the handler is set before the socket connects: a snapshot made at once may come before connect() returns
    var ws = sockets.webSocket();
    ws.textMessageHandler(t -> {
      JsonObject m = new JsonObject(t);
      if (m.getString("type").equals("snapshot")) {
        snapshot.add(m);
      }
    });
    await(ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(web.actualPort()).setURI("/ws")
        .addHeader("Cookie", WebTesting.cookie(who))));
    Poll.until("a snapshot", 10, () -> !snapshot.isEmpty());
    await(ws.close());
    return snapshot.get(0).getJsonArray("alerts").stream().map(JsonObject.class::cast).toList();
  }

  @Test
  @DisplayName("The server's dashboard shows the gate device's lane live, opens its barrier, and marks it away")
  void oneView() throws Exception {
    SiteCertificates.create(dir, List.of("gate-a", "server"), PASSWORD);
    int pa = freePort();
    int ps = freePort();
    SiteCluster.Node a = start("gate-a", pa, List.of(pa, ps));
    SiteCluster.Node s = start("server", ps, List.of(pa, ps));
    Poll.until("both devices in the cluster", 30, () -> s.clusterManager().getNodes().size() == 2);

    // the gate device: its heartbeat with its lane, and the lane's barrier (as its gate verticle answers)
    List<JsonObject> commands = new CopyOnWriteArrayList<>();
    await(a.vertx().eventBus().<JsonObject>consumer(Addresses.gateCommand("lane-a"), m -> {
      commands.add(m.body());
      m.reply(new JsonObject().put("lane", "lane-a").put("state", "opening"));
    }).completion());
    String beat = await(a.vertx().deployVerticle(new SiteHeartbeat("gate-a", () -> List.of(WebTesting.lane(
        "lane-a")))));

    // the site server: web, alerts and its own heartbeat, no lanes
    await(s.vertx().deployVerticle(new AlertVerticle(AlertsConfig.from(new JsonObject()), dir)));
    await(s.vertx().deployVerticle(new SiteHeartbeat("server", List::of)));
    WebVerticle web = new WebVerticle(WebTesting.config(db.target(), 1 << 20)).node("server");
    await(s.vertx().deployVerticle(web));
    WebClientSession operator = await(WebTesting.login(s.vertx(), web, db.target(), "operator"));
    Poll.until("the gate device known to the server", 10, () -> siteNodes(operator) == 2);

    List<JsonObject> facts = new CopyOnWriteArrayList<>();
    List<JsonObject> snapshots = new CopyOnWriteArrayList<>();
    sockets = s.vertx().createWebSocketClient();
    var ws = await(sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
        .setPort(web.actualPort()).setURI("/ws").addHeader("Cookie", WebTesting.cookie(operator))));
    ws.textMessageHandler(t -> {
      JsonObject m = new JsonObject(t);
      (m.getString("type").equals("snapshot") ? snapshots : facts).add(m);
    });
    Poll.until("the snapshot", 10, () -> !snapshots.isEmpty());
    JsonObject lane = snapshots.get(0).getJsonArray("lanes").stream().map(JsonObject.class::cast)
        .filter(l -> "lane-a".equals(l.getString("id"))).findFirst().orElseThrow();
    assertThat(lane.getString("device")).isEqualTo("gate-a");
    assertThat(lane.getBoolean("away")).isFalse();
    assertThat(snapshots.get(0).getString("node")).isEqualTo("server");

    // a decision on the gate device reaches the server's dashboard
    a.vertx().eventBus().publish(Addresses.ACCESS_DECISION,
        WebTesting.decision("lane-a", "ABC1234", true, "exact").toJson());
    Poll.until("the decision on the server's dashboard", 10, () -> facts.stream().anyMatch(f ->
        f.getString("type").equals("decision") && "lane-a".equals(f.getJsonObject("data").getString("lane"))));

    // the gate device's alerts: live on the server's dashboard, and listed again when it is reloaded (from the
    // gate device's heartbeat); those about the site itself stay each device's own
    await(a.vertx().deployVerticle(new AlertVerticle(AlertsConfig.from(new JsonObject()), dir).node("gate-a")));
    a.vertx().eventBus().publish(Addresses.ALERT, io.lanekeeper.bus.Alert.critical("camera", "lane-a",
        "camera lane-a: no frames").toJson());
    a.vertx().eventBus().publish(Addresses.ALERT, io.lanekeeper.bus.Alert.critical("site", "gate-z",
        "device gate-z is away from the site").toJson());
    Poll.until("the gate device's alert live", 10, () -> alerted(facts, "camera:lane-a", true));
    Poll.until("the gate device's alert listed on a reload", 10, () -> reloaded(web, operator).stream()
        .anyMatch(x -> "camera:lane-a".equals(x.getString("id")) && "gate-a".equals(x.getString("node"))));
    assertThat(reloaded(web, operator)).noneMatch(x -> "site:gate-z".equals(x.getString("id")));

    // an operator on the server opens the gate device's barrier
    HttpResponse<Buffer> open = await(operator.post("/api/gates/lane-a/open").sendJsonObject(new JsonObject()
        .put("why", "visitor at the server desk")));
    assertThat(open.statusCode()).as(open.bodyAsString()).isEqualTo(200);
    assertThat(open.bodyAsJsonObject().getString("state")).isEqualTo("opening");
    assertThat(commands).hasSize(1);
    assertThat(commands.get(0).getString("why")).isEqualTo("visitor at the server desk");
    assertThat(await(operator.post("/api/gates/nowhere/open").sendJsonObject(new JsonObject().put("why", "x")))
        .statusCode()).isEqualTo(404);
    // and for a vehicle the gate device refused: its matcher, which remembers the refusal, is asked
    List<JsonObject> overrides = new CopyOnWriteArrayList<>();
    await(a.vertx().eventBus().<JsonObject>consumer(Addresses.matcherOverride("gate-a"), m -> {
      overrides.add(m.body());
      m.reply(new JsonObject().put("gate", new JsonObject().put("lane", "lane-a").put("state", "opening"))
          .put("counted", "counted into garage"));
    }).completion());
    String vehicle = java.util.UUID.randomUUID().toString();
    HttpResponse<Buffer> forVehicle = null;
    // (the new consumer's subscription takes a moment to reach the other device)
    for (int i = 0; i < 50 && (forVehicle == null || forVehicle.statusCode() != 200); i++) {
      if (forVehicle != null) {
        Thread.sleep(100);
      }
      forVehicle = await(operator.post("/api/gates/lane-a/open").sendJsonObject(new JsonObject()
          .put("why", "visitor let in from the server").put("vehicle", vehicle)));
    }
    assertThat(forVehicle.statusCode()).as(forVehicle.bodyAsString()).isEqualTo(200);
    assertThat(forVehicle.bodyAsJsonObject().getString("counted")).isEqualTo("counted into garage");
    assertThat(overrides.get(overrides.size() - 1).getString("vehicle")).isEqualTo(vehicle);
    assertThat(overrides.get(overrides.size() - 1).getString("lane")).isEqualTo("lane-a");

    // a second device says it runs the same lane (one database given to two devices): alerted, and cleared when
    // it stops
    String twin = await(a.vertx().deployVerticle(new SiteHeartbeat("gate-b", () -> List.of(WebTesting.lane(
        "lane-a")))));
    Poll.until("the doubled lane alerted", 10, () -> alerted(facts, "site:lane-lane-a", true));
    await(a.vertx().undeploy(twin));
    Poll.until("the doubled lane cleared", 15, () -> alerted(facts, "site:lane-lane-a", false));

    // the gate device goes silent: marked away on the dashboard, with an alert, within 10 s
    long t0 = System.nanoTime();
    await(a.vertx().undeploy(beat));
    Poll.until("the gate device marked away", 15, () -> facts.stream().anyMatch(f ->
        f.getString("type").equals("node") && f.getJsonObject("data").getString("node").equals("gate-a")
            && f.getJsonObject("data").getBoolean("away")));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.println("site: a silent device marked away on another device's dashboard in " + ms + " ms");
    assertThat(ms).isLessThan(10_000);
    Poll.until("the alert", 5, () -> alerted(facts, "site:gate-a", true));
    ws.close();
  }
}
