package io.lanekeeper.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.lanekeeper.bus.AccessDecision;
import io.lanekeeper.bus.Addresses;
import io.lanekeeper.bus.Alert;
import io.lanekeeper.bus.AlertState;
import io.lanekeeper.bus.GateState;
import io.lanekeeper.bus.LotOccupancy;
import io.lanekeeper.config.AlertsConfig;
import io.lanekeeper.testing.Decisions;
import io.lanekeeper.testing.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServer;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Alerts: raised once and cleared once from what the parts report and what the verticle watches; sent out. */
@ExtendWith(VertxExtension.class)
class AlertsTest {

  @TempDir
  Path dir;

  private final List<AlertState> states = new CopyOnWriteArrayList<>();

  private void record(Vertx vertx) {
    vertx.eventBus().<JsonObject>consumer(Addresses.ALERT_STATE, m -> states.add(AlertState.fromJson(m.body())));
  }

  private long raises(String id) {
    return states.stream().filter(s -> s.id().equals(id) && s.active()).count();
  }

  private long clears(String id) {
    return states.stream().filter(s -> s.id().equals(id) && !s.active()).count();
  }

  @Test
  @DisplayName("Gate fault, lot full, camera down and silent, a deny-listed plate, the database away, the outbox "
      + "growing, the disk nearly full: each raised once however often it is seen, and cleared once")
  void raisedOnceClearedOnce(Vertx vertx) throws Exception {
    record(vertx);
    AtomicReference<JsonObject> store = new AtomicReference<>(new JsonObject().put("status", "DOWN")
        .put("detail", "postgresql://db").put("outbox", 50));
    vertx.eventBus().<JsonObject>consumer(Addresses.HEALTH_DATABASE, m -> m.reply(store.get()));
    // a disk that can never have 100 TB free: nearly full from the first look
    AlertsConfig cfg = AlertsConfig.from(new JsonObject().put("cameraSilentMs", 5000).put("noticeMs", 1000)
        .put("databaseDownMs", 1000).put("outboxWarn", 10).put("diskMinFreeMb", 100_000_000L));
    vertx.deployVerticle(new AlertVerticle(cfg, dir)).await(10, TimeUnit.SECONDS);
    var bus = vertx.eventBus();

    for (int i = 0; i < 3; i++) {
      bus.publish(Addresses.GATE_STATE, new GateState("e1", "fault", false, 1, Instant.now(), null, false, null,
          "barrier did not reach its open limit").toJson());
      bus.publish(Addresses.LOT_OCCUPANCY, new LotOccupancy("p1", 5 + i, 5).toJson());
      bus.publish(Addresses.ALERT, Alert.critical("camera", "e2", "the camera of lane e2 is down").toJson());
    }
    bus.publish(Addresses.CAMERA_STATUS, new JsonObject().put("lane", "e3").put("source", "rtsp").put("up", true)
        .put("lastFrameAt", Instant.now().minusSeconds(30).toString()));
    var d = Decisions.vehicle("e1", "DNY6666");
    bus.publish(Addresses.ACCESS_DECISION, new AccessDecision(d.vehicleId(), "e1", Instant.now(), false,
        "deny-listed", "DNY6666", 3L, 0, d).toJson());

    Poll.until("every alert raised", 15, () -> raises("gate:e1") == 1 && raises("lot:p1") == 1
        && raises("camera:e2") == 1 && raises("camera-silent:e3") == 1 && raises("denylisted:e1") == 1
        && raises("database:store") == 1 && raises("outbox:store") == 1 && raises("disk:data") == 1);
    JsonArray listed = bus.<JsonObject>request(Addresses.ALERT_LIST, new JsonObject()).await(5, TimeUnit.SECONDS)
        .body().getJsonArray("alerts");
    assertThat(listed.stream().map(JsonObject.class::cast).map(a -> a.getString("level")).toList())
        .as("critical first").isSortedAccordingTo((a, b) -> Boolean.compare(!"critical".equals(a),
            !"critical".equals(b)));
    AlertState gate = states.stream().filter(s -> s.id().equals("gate:e1")).findFirst().orElseThrow();
    assertThat(gate.lane()).isEqualTo("e1");
    assertThat(gate.level()).isEqualTo("critical");
    assertThat(gate.message()).contains("fault").contains("did not reach its open limit");

    // the notice clears by itself; the others when their condition is over
    Poll.until("the deny-listed notice cleared by itself", 10, () -> clears("denylisted:e1") == 1);
    store.set(new JsonObject().put("status", "UP").put("outbox", 0));
    // the camera of e3 gives frames again, and goes on reporting each second as a camera does
    vertx.setPeriodic(500, t -> bus.publish(Addresses.CAMERA_STATUS, new JsonObject().put("lane", "e3")
        .put("source", "rtsp").put("up", true).put("lastFrameAt", Instant.now().toString())));
    for (int i = 0; i < 2; i++) {
      bus.publish(Addresses.GATE_STATE, new GateState("e1", "closed", false, 1, Instant.now(), null).toJson());
      bus.publish(Addresses.LOT_OCCUPANCY, new LotOccupancy("p1", 4, 5).toJson());
      bus.publish(Addresses.ALERT, Alert.ok("camera", "e2", "the camera of lane e2 gives frames again").toJson());
    }
    Poll.until("every alert cleared once", 15, () -> clears("gate:e1") == 1 && clears("lot:p1") == 1
        && clears("camera:e2") == 1 && clears("camera-silent:e3") == 1 && clears("database:store") == 1
        && clears("outbox:store") == 1);
    Thread.sleep(2 * AlertVerticle.CHECK_MS);
    for (String id : List.of("gate:e1", "lot:p1", "camera:e2", "camera-silent:e3", "denylisted:e1",
        "database:store", "outbox:store")) {
      assertThat(raises(id)).as(id + " raised").isEqualTo(1);
      assertThat(clears(id)).as(id + " cleared").isEqualTo(1);
    }
    assertThat(clears("disk:data")).as("the disk is still nearly full").isZero();
    assertThat(bus.<JsonObject>request(Addresses.ALERT_LIST, new JsonObject()).await(5, TimeUnit.SECONDS).body()
        .getJsonArray("alerts").stream().map(JsonObject.class::cast).map(a -> a.getString("id")))
        .containsExactly("disk:data");
  }

  @Test
  @DisplayName("A raise and its clear go out by e-mail to a local SMTP sink and by a signed webhook, which is "
      + "retried until the receiver takes it; the secret and password appear in neither")
  void delivered(Vertx vertx) throws Exception {
    List<String> mails = new CopyOnWriteArrayList<>();
    NetServer smtp = SmtpSink.start(vertx, mails);
    AtomicInteger hookCalls = new AtomicInteger();
    List<JsonObject> hooks = new CopyOnWriteArrayList<>();
    String secret = "a-webhook-secret-of-some-length";
    HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
      // the first two deliveries fail: the sender must try again, and keep the order
      if (hookCalls.incrementAndGet() <= 2) {
        req.response().setStatusCode(503).end();
        return;
      }
      String ts = req.getHeader("X-Lanekeeper-Timestamp");
      String sig = req.getHeader("X-Lanekeeper-Signature");
      boolean good = ("sha256=" + AlertDelivery.sign(secret, ts, body)).equals(sig)
          && !("sha256=" + AlertDelivery.sign("another-secret-of-length", ts, body)).equals(sig);
      hooks.add(body.toJsonObject().put("signatureOk", good));
      req.response().setStatusCode(204).end();
    })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);

    AlertsConfig cfg = AlertsConfig.from(new JsonObject()
        .put("email", new JsonObject().put("host", "127.0.0.1").put("port", smtp.actualPort()).put("tls", "none")
            .put("from", "gate@site.example").put("to", new JsonArray().add("staff@site.example")))
        .put("webhook", new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hook")
            .put("secret", secret)));
    vertx.deployVerticle(new AlertDelivery(cfg, ZoneOffset.UTC)).await(10, TimeUnit.SECONDS);
    Instant since = Instant.parse("2026-12-04T08:00:00Z");
    AlertState raised = new AlertState("gate:e1", "gate", "e1", "e1", "critical",
        "the barrier of lane e1 is in fault: relay unreachable", since, since, true);
    AlertState cleared = new AlertState("gate:e1", "gate", "e1", "e1", "critical",
        "the barrier of lane e1 is out of fault (closed)", since, since.plusSeconds(90), false);
    vertx.eventBus().publish(Addresses.ALERT_STATE, raised.toJson());
    vertx.eventBus().publish(Addresses.ALERT_STATE, cleared.toJson());

    Poll.until("both mails", 15, () -> mails.size() == 2);
    assertThat(mails.get(0)).contains("Subject: [Lanekeeper] CRITICAL: the barrier of lane e1 is in fault")
        .contains("RCPT TO:<staff@site.example>").contains("Since: 2026-12-04 08:00:00 Z");
    assertThat(mails.get(1)).contains("Subject: [Lanekeeper] CLEARED: the barrier of lane e1 is out of fault");
    Poll.until("both webhooks, after two refusals", 20, () -> hooks.size() == 2);
    assertThat(hookCalls.get()).isEqualTo(4);
    assertThat(hooks).extracting(h -> h.getString("state")).containsExactly("raised", "cleared");
    assertThat(hooks).allMatch(h -> h.getBoolean("signatureOk"));
    assertThat(String.join("\n", mails)).doesNotContain(secret);
    smtp.close();
    receiver.close();
  }

  /** The smallest SMTP server a client can send to: each message's whole dialogue is kept, one string a mail. */
  static final class SmtpSink {

    static NetServer start(Vertx vertx, List<String> mails) throws Exception {
      return vertx.createNetServer().connectHandler(so -> {
        StringBuilder dialogue = new StringBuilder();
        StringBuilder pending = new StringBuilder();
        boolean[] data = {false};
        so.write("220 sink ESMTP\r\n");
        so.handler(chunk -> {
          pending.append(chunk.toString(java.nio.charset.StandardCharsets.UTF_8));
          int nl;
          while ((nl = pending.indexOf("\r\n")) >= 0) {
            String line = pending.substring(0, nl);
            pending.delete(0, nl + 2);
            dialogue.append(line).append('\n');
            if (data[0]) {
              if (line.equals(".")) {
                data[0] = false;
                mails.add(dialogue.toString());
                dialogue.setLength(0);
                so.write("250 queued\r\n");
              }
              continue;
            }
            String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
            switch (cmd) {
              case "EHLO", "HELO" -> so.write("250-sink\r\n250 8BITMIME\r\n");
              case "DATA" -> {
                data[0] = true;
                so.write("354 go on\r\n");
              }
              case "QUIT" -> so.write("221 bye\r\n").onComplete(v -> so.close());
              default -> so.write("250 ok\r\n");
            }
          }
        });
      }).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    }
  }
}
